package org.kmodfarm.packaging.module;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.io.AtomicFiles;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.iso.IsoImager;
import org.kmodfarm.packaging.rpm.RpmRepository;
import org.kmodfarm.packaging.rpm.RpmWriter;

/**
 * Red Hat driver update disks (anaconda's DUD format, version 3) of a module version's builds: the marker file
 * {@code rhdd3} (its one line is what the installer shows), the kmod RPMs of {@link BinaryModuleRpms} under
 * {@code rpms/ARCH/}, and beside them the repository metadata anaconda reads to pick them
 * ({@code rpms/ARCH/repodata/}, {@link RpmRepository}). On an ISO 9660 image labelled {@code OEMDRV}, which
 * anaconda finds by itself, or as a gzipped tar of the same tree (to copy onto any medium). Reproducible: the
 * RPMs, metadata and archive are dated with the packages' time. The tar and ISO writing ({@link #write}) serves
 * the other installers' layouts too ({@link UbuntuDriverDisks}, {@link SuseDriverDisks}): every installer here
 * looks for the same label.
 */
final class DriverDisks {
    /**
     * The volume label anaconda looks for to load a driver disk without being asked (inst.dd not needed), and
     * debian-installer's driver-injection-disk-detect too.
     */
    static final String VOLUME_ID = "OEMDRV";

    private DriverDisks() {
    }

    /** The disk's files by path (no leading '/'), sorted; the RPMs written (and signed) by {@code rpms}. */
    static Map<String, byte[]> redhat(ModuleBuilds builds, List<CellResult> cells, String maintainer, Instant time,
                                      RpmWriter rpms) throws IOException {
        Map<String, byte[]> tree = new TreeMap<>();
        Map<String, List<RpmRepository.Entry>> byArch = new TreeMap<>();
        for (CellResult cell : cells) {
            PackageSpec spec = BinaryModuleRpms.spec(builds, cell, maintainer, time);
            byte[] rpm = rpms.write(spec);
            String arch = RpmWriter.arch(spec);
            String name = rpms.fileName(spec);
            tree.put("rpms/" + arch + "/" + name, rpm);
            byArch.computeIfAbsent(arch, a -> new ArrayList<>()).add(new RpmRepository.Entry(name, rpm, spec));
        }
        byArch.forEach((arch, entries) -> RpmRepository.metadata(entries, time.getEpochSecond())
                .forEach((file, bytes) -> tree.put("rpms/" + arch + "/repodata/" + file, bytes)));
        tree.put("rhdd3", ("kmodfarm driver update disk: " + builds.module() + "\n").getBytes(StandardCharsets.UTF_8));
        return tree;
    }

    /**
     * Writes a disk's tree (of any installer's layout) into {@code out} as {@code BASE.tar.gz} or {@code BASE.iso}
     * (labelled {@link #VOLUME_ID}, which anaconda and SUSE's linuxrc both look for).
     *
     * @return the file written
     */
    static Path write(Map<String, byte[]> tree, Instant time, String base, DiskMedia media, IsoImager imager,
                      Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        if (media == DiskMedia.TAR) {
            Path file = out.resolve(base + ".tar.gz");
            AtomicFiles.write(file, tar(tree, time));
            return file;
        }
        Path file = out.resolve(base + ".iso");
        iso(tree, time, imager, file);
        return file;
    }

    /** A gzipped tar of the tree, entries under {@code ./}. */
    static byte[] tar(Map<String, byte[]> tree, Instant time) {
        TarWriter tar = new TarWriter(time).directory(".", 0755);
        for (String dir : directories(tree)) {
            tar.directory("./" + dir, 0755);
        }
        tree.forEach((path, content) -> tar.file("./" + path, content, 0644));
        return Compression.GZIP.compress(tar.toBytes());
    }

    /** The ISO image of the tree, written by {@code imager} from a staging folder beside {@code file}. */
    static void iso(Map<String, byte[]> tree, Instant time, IsoImager imager, Path file)
            throws IOException, InterruptedException {
        Path staging = file.resolveSibling(".dd-" + UUID.randomUUID());
        Path temp = file.resolveSibling("." + file.getFileName() + "-" + UUID.randomUUID());
        try {
            for (var e : tree.entrySet()) {
                Path target = staging.resolve(e.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, e.getValue());
            }
            try (Stream<Path> all = Files.walk(staging)) {
                for (Path p : all.toList()) {
                    Files.setLastModifiedTime(p, FileTime.from(time));
                }
            }
            imager.image(staging, VOLUME_ID, time, temp);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
            if (Files.exists(staging)) {
                try (Stream<Path> all = Files.walk(staging)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static List<String> directories(Map<String, byte[]> tree) {
        TreeMap<String, Boolean> dirs = new TreeMap<>();
        for (String path : tree.keySet()) {
            for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
                dirs.put(path.substring(0, i), true);
            }
        }
        return List.copyOf(dirs.keySet());
    }
}
