package org.kmodfarm.packaging.module;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.deb.DebWriter;

/**
 * Driver injection disks for debian-installer (Ubuntu's, and Debian's, whose hw-detect carries the same
 * driver-injection-disk-detect): a medium labelled {@code OEMDRV} ({@link DriverDisks#VOLUME_ID}) on which the
 * installer looks in {@code DISTRIB_ID-drivers/DISTRIB_CODENAME/} (its lsb-release, lower case) for packages,
 * checks each one's Architecture in {@code control.tar.gz}, unpacks it into its own environment and keeps it
 * to install into the target system later.
 *
 * <p>The tree: per BUILT cell the binary module package of {@link BinaryModuleDebs} with the preinst guard of
 * {@link BinaryModuleDebs#guarded} (the installer unpacks every package of the folder, whatever its kernel) and
 * gzip members ({@link DebWriter#gzip()}), in the folder of the cell's matrix target ({@code distro-drivers/
 * release/}); and, when the tree holds the module's source, the DKMS source package of {@code mkdeb} under
 * {@code source/}, outside the installer's folder: it depends on dkms, which the installer does not install, so
 * it is for the administrator of a kernel the disk has no build for. DKMS 2.x put its packages under
 * {@code ubuntu-drivers/KERNEL-VERSION/}, a folder the installer's detection script does not read.
 */
final class UbuntuDriverDisks {
    private static final DebWriter DISK_DEBS = DebWriter.gzip();
    private static final DebWriter DEBS = new DebWriter();
    // what lsb-release's DISTRIB_ID and DISTRIB_CODENAME become in lower case: one path segment each
    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9.+_-]*");

    private UbuntuDriverDisks() {
    }

    /**
     * The disk's files by path (no leading '/'), sorted.
     *
     * @throws BadInputException when a cell's record names no distribution release (written before records had
     *                           one), or one that cannot be a folder name
     */
    static Map<String, byte[]> tree(ModuleBuilds builds, List<CellResult> cells, String maintainer, Instant time)
            throws IOException {
        Map<String, byte[]> tree = new TreeMap<>();
        for (CellResult cell : cells) {
            PackageSpec spec = BinaryModuleDebs.guarded(builds, cell, maintainer, time);
            tree.put(folder(builds, cell) + "/" + DISK_DEBS.fileName(spec), DISK_DEBS.write(spec));
        }
        ModuleVersion mv = builds.module();
        if (Files.isDirectory(builds.tree().root().resolve(mv.name()).resolve(mv.version()).resolve("source"))) {
            PackageSpec source = DkmsSourcePackages.deb(builds, maintainer, time);
            tree.put("source/" + DEBS.fileName(source), DEBS.write(source));
        }
        return tree;
    }

    /** {@code distro-drivers/release}, as the installer builds it from its lsb-release. */
    static String folder(ModuleBuilds builds, CellResult cell) {
        CellResult.Target t = cell.target();
        String distro = t == null || t.distro() == null ? "" : t.distro().toLowerCase(Locale.ROOT);
        String release = t == null || t.release() == null ? "" : t.release().toLowerCase(Locale.ROOT);
        if (!SEGMENT.matcher(distro).matches() || !SEGMENT.matcher(release).matches()) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(builds.recordsDir()), "the record of "
                    + builds.module() + " for kernel " + cell.cell().kernel() + " names no usable distribution and "
                    + "release ('" + distro + "', '" + release + "'), which the installer's folder is named from",
                    "build it again from a matrix file: kmodfarm build SOURCE --matrix FILE --rebuild"));
        }
        return distro + "-drivers/" + release;
    }
}
