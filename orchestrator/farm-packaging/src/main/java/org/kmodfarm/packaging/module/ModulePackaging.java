package org.kmodfarm.packaging.module;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.io.AtomicFiles;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.PackageWriter;
import org.kmodfarm.packaging.iso.IsoImager;
import org.kmodfarm.packaging.rpm.RpmWriter;

/**
 * Packages of one module version from the results tree, written into a folder, each file atomically. Reads the
 * tree only; callers hold no lock (records are replaced atomically).
 */
public final class ModulePackaging {
    private final FarmTree tree;
    private final PackagingOptions options;
    private final Consumer<String> notices;

    public ModulePackaging(FarmTree tree, PackagingOptions options) {
        this(tree, options, notice -> { });
    }

    /** @param notices told which kernels are packaged from their last good build ({@link PackagingOptions#lastGood}) */
    public ModulePackaging(FarmTree tree, PackagingOptions options, Consumer<String> notices) {
        this.tree = tree;
        this.options = options;
        this.notices = notices;
    }

    /** The default output folder: kmodfarm's own part of the tree, where DKMS's tools do not look. */
    public Path defaultOutput(ModuleVersion module) {
        return tree.meta().resolve("packages").resolve(module.name()).resolve(module.version());
    }

    /**
     * One binary module package of {@code format} per BUILT cell of the given kernels.
     *
     * @param kernels the kernels, each of which must be BUILT; empty for every BUILT kernel of the tree
     * @param where   what the kernels came from, for problems (a matrix file; the records for {@code -k})
     * @return the files written, in kernel order
     * @throws BadInputException for an unknown module version, a kernel not BUILT, or no BUILT kernel at all
     */
    public List<Path> binaryModules(BinaryFormat format, ModuleVersion module, Optional<List<String>> kernels,
                                    Optional<SourceLocation> where, Path out) throws IOException {
        ModuleBuilds builds = ModuleBuilds.load(tree, module);
        List<CellResult> cells = selected(builds, kernels, where, options.lastGood());
        var time = options.time(cells);
        List<Path> written = new ArrayList<>();
        for (CellResult cell : cells) {
            written.add(write(format.writer(options), builds,
                    () -> format.layout().spec(builds, cell, options.maintainer(), time), out));
        }
        return written;
    }

    /**
     * The DKMS tarball of the given kernels' builds ({@link DkmsTarballs}), named as DKMS's mktarball names it.
     *
     * @param kernels as for {@link #binaryModules}
     * @return the file written
     * @throws BadInputException as {@link #binaryModules}, and when the tree holds no source (or, with
     *                           {@code binariesOnly}, no dkms.conf) of the module version
     */
    public Path dkmsTarball(ModuleVersion module, Optional<List<String>> kernels, Optional<SourceLocation> where,
                            boolean binariesOnly, Path out) throws IOException {
        ModuleBuilds builds = ModuleBuilds.load(tree, module);
        // a DKMS tarball is the DKMS layout of the newest builds (their logs too): no last good fallback
        List<CellResult> cells = selected(builds, kernels, where, false);
        return DkmsTarballs.write(builds, cells, binariesOnly, options.time(cells), out);
    }

    /**
     * A Red Hat driver update disk of the given kernels' kmod RPMs ({@link DriverDisks}), named
     * {@code dd-NAME-VERSION.iso} or {@code .tar.gz}.
     *
     * @param kernels as for {@link #binaryModules}
     * @param imager  makes the ISO image; unused for {@link DiskMedia#TAR}
     * @return the file written
     * @throws BadInputException as {@link #binaryModules}
     */
    public Path driverDisk(ModuleVersion module, Optional<List<String>> kernels, Optional<SourceLocation> where,
                           DiskMedia media, IsoImager imager, Path out) throws IOException, InterruptedException {
        return disk(module, kernels, where, media, imager, out, "dd-" + module.name() + "-" + module.version(),
                DriverDisks::redhat, MAINTAINER_FIX);
    }

    /**
     * A debian-installer (Ubuntu, Debian) driver injection disk of the given kernels' binary module packages
     * ({@link UbuntuDriverDisks}), named {@code dd-NAME-VERSION-ubuntu.iso} or {@code .tar.gz}.
     *
     * @param kernels as for {@link #binaryModules}
     * @param imager  makes the ISO image; unused for {@link DiskMedia#TAR}
     * @return the file written
     * @throws BadInputException as {@link #binaryModules}, and when a record names no distribution release
     */
    public Path ubuntuDriverDisk(ModuleVersion module, Optional<List<String>> kernels,
                                 Optional<SourceLocation> where, DiskMedia media, IsoImager imager, Path out)
            throws IOException, InterruptedException {
        return disk(module, kernels, where, media, imager, out, "dd-" + module.name() + "-" + module.version()
                + "-ubuntu", (builds, cells, maintainer, time, rpms) -> UbuntuDriverDisks.tree(builds, cells,
                maintainer, time), MAINTAINER_FIX);
    }

    /**
     * A SUSE driver update of the given kernels' KMPs and modules ({@link SuseDriverDisks}) for the product
     * {@code dist}, named {@code dud-NAME-VERSION.iso} or {@code .tar.gz}.
     *
     * @param kernels as for {@link #binaryModules}
     * @param imager  makes the ISO image; unused for {@link DiskMedia#TAR}
     * @return the file written
     * @throws BadInputException as {@link #binaryModules}, and for a product linuxrc does not know
     */
    public Path suseDriverDisk(ModuleVersion module, Optional<List<String>> kernels, Optional<SourceLocation> where,
                               String dist, DiskMedia media, IsoImager imager, Path out)
            throws IOException, InterruptedException {
        return disk(module, kernels, where, media, imager, out, "dud-" + module.name() + "-" + module.version(),
                (builds, cells, maintainer, time, rpms) -> SuseDriverDisks.tree(builds, cells, maintainer, time, rpms,
                        dist),
                "give --dist a SUSE product such as sles15 or leap15.6, and a valid packaging.maintainer");
    }

    private static final String MAINTAINER_FIX = "set a valid packaging.maintainer";

    /** The files of one installer's driver disk, by path. */
    @FunctionalInterface
    private interface DiskLayout {
        Map<String, byte[]> tree(ModuleBuilds builds, List<CellResult> cells, String maintainer, Instant time,
                                 RpmWriter rpms) throws IOException;
    }

    /** @param fix what to do when the layout refuses its inputs (IllegalArgumentException) */
    private Path disk(ModuleVersion module, Optional<List<String>> kernels, Optional<SourceLocation> where,
                      DiskMedia media, IsoImager imager, Path out, String base, DiskLayout layout, String fix)
            throws IOException, InterruptedException {
        ModuleBuilds builds = ModuleBuilds.load(tree, module);
        List<CellResult> cells = selected(builds, kernels, where, options.lastGood());
        var time = options.time(cells);
        Map<String, byte[]> disk;
        try {
            disk = layout.tree(builds, cells, options.maintainer(), time, options.rpmWriter());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(builds.recordsDir()), "cannot make the "
                    + "driver disk of " + module + ": " + e.getMessage(), fix));
        }
        return DriverDisks.write(disk, time, base, media, imager, out);
    }

    /**
     * The BUILT cells of the kernels asked for (all BUILT ones when none are named), with {@code lastGood} the
     * last good build of a kernel whose newest is not; at least one.
     */
    private List<CellResult> selected(ModuleBuilds builds, Optional<List<String>> kernels,
                                      Optional<SourceLocation> where, boolean lastGood) throws IOException {
        SourceLocation origin = where.orElse(SourceLocation.wholeFile(builds.recordsDir()));
        List<CellResult> cells = lastGood ? builds.builtOrLastGood(kernels, origin, notices)
                : kernels.isPresent() ? builds.builtFor(kernels.get(), origin) : builds.built();
        if (cells.isEmpty()) {
            throw new BadInputException(new Problem(origin, builds.module() + " is not BUILT for any kernel",
                    "build it first: kmodfarm build " + builds.module()));
        }
        return cells;
    }

    /**
     * The DKMS source package of the module version ({@link DkmsSourcePackages}) in {@code format}; its time is
     * that of its newest build.
     */
    public Path dkmsSource(BinaryFormat format, ModuleVersion module, Path out) throws IOException {
        ModuleBuilds builds = ModuleBuilds.load(tree, module);
        var time = options.time(builds.built());
        return write(format.writer(options), builds, () -> switch (format) {
            case DEB -> DkmsSourcePackages.deb(builds, options.maintainer(), time);
            case RPM, KMP -> DkmsSourcePackages.rpm(builds, options.maintainer(), time);
        }, out);
    }

    /** Makes a spec; one the package format cannot hold (a '_' in a Debian version, say) is bad input. */
    @FunctionalInterface
    private interface SpecMaker {
        PackageSpec make() throws IOException;
    }

    private static Path write(PackageWriter writer, ModuleBuilds builds, SpecMaker maker, Path out)
            throws IOException {
        PackageSpec spec;
        byte[] bytes;
        try {
            spec = maker.make();
            bytes = writer.write(spec);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(builds.recordsDir()), "cannot package "
                    + builds.module() + ": " + e.getMessage(), "set a valid packaging.maintainer, or package a "
                    + "module version whose name and version the package format accepts"));
        }
        Path file = out.resolve(writer.fileName(spec));
        AtomicFiles.write(file, bytes);
        return file;
    }
}
