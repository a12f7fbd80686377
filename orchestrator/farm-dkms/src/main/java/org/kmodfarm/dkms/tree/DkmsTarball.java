package org.kmodfarm.dkms.tree;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.TarExtractor;
import org.kmodfarm.archive.TarWriter;

/**
 * The archive of DKMS's {@code mktarball} and {@code ldtarball} (DKMS 3.0 to 3.4 share it):
 *
 * <pre>
 * ./dkms_main_tree/&lt;kernel&gt;/&lt;arch&gt;/…         a copy of each built directory (empty with --source-only)
 * ./dkms_source_tree/…                        the module's source (default and --source-only)
 * ./dkms_binaries_only/{PACKAGE_NAME,PACKAGE_VERSION,dkms.conf}   instead of the source (--binaries-only)
 * </pre>
 *
 * <p>DKMS runs {@code tar -C tmp -caf NAME .}, so the entries are named {@code ./…} and the compression
 * follows the name's suffix. Its tar records whatever the copies on disk hold: the caller's owner and umask,
 * the copy's time for built files. Nothing in DKMS reads those back ({@code ldtarball} copies the files with
 * {@code cp -rf}), so this writer fixes them instead (entries sorted, owner 0:0, one fixed mtime, modes 0755
 * or 0644): a module version packed twice gives the same bytes, and the archive says nothing about who made
 * it and when. Stateless; thread-safe.
 */
public final class DkmsTarball {
    public static final String MAIN_TREE = "dkms_main_tree";
    public static final String SOURCE_TREE = "dkms_source_tree";
    public static final String BINARIES_ONLY = "dkms_binaries_only";

    private static final int MAX_KERNEL_LIST = 200;
    private static final String ROOT = ".";
    private static final int DIR_MODE = 0755;
    // bzip2's magic: Compression does not know it, and GNU tar reads such archives.
    private static final byte[] BZIP2 = {'B', 'Z', 'h'};

    private DkmsTarball() {
    }

    /** One built kernel/arch and its directory ({@code <m>/<v>/<kernel>/<arch>}). */
    public record Built(KernelArch target, Path dir) {
        public Built {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(dir, "dir");
        }
    }

    /** What goes next to the built kernels. */
    public sealed interface Payload {
        /** The module's source directory, copied whole (DKMS's {@code cp -fprT source/ dkms_source_tree}). */
        record Source(Path dir) implements Payload {
            public Source {
                Objects.requireNonNull(dir, "dir");
            }
        }

        /**
         * {@code --binaries-only}: the name and version files and, when it exists, the conf under its own file
         * name (DKMS's {@code cp -f "$conf" dkms_binaries_only/ 2>/dev/null}).
         */
        record BinariesOnly(ModuleVersion moduleVersion, Path conf) implements Payload {
            public BinariesOnly {
                Objects.requireNonNull(moduleVersion, "moduleVersion");
                Objects.requireNonNull(conf, "conf");
            }
        }
    }

    /**
     * The uncompressed tar of {@code kernels} and {@code payload}, in memory, every entry dated 2000-01-01.
     *
     * @throws IOException when a directory cannot be read
     */
    public static byte[] tar(List<Built> kernels, Payload payload) throws IOException {
        return tar(kernels, payload, new TarWriter());
    }

    /** The same, every entry dated {@code time} (the farm's {@code SOURCE_DATE_EPOCH}). */
    public static byte[] tar(List<Built> kernels, Payload payload, Instant time) throws IOException {
        return tar(kernels, payload, new TarWriter(time));
    }

    /**
     * DKMS's default archive name: {@code NAME-VERSION-kernelK1-ARCH1-kernelK2-ARCH2.dkms.tar.gz}, or
     * {@code …-manykernels…} when that list would pass DKMS's 200 characters, or {@code …-source-only…}.
     */
    public static String defaultName(ModuleVersion mv, List<KernelArch> kernels, boolean sourceOnly) {
        StringBuilder list = new StringBuilder();
        if (sourceOnly) {
            list.append("source-only");
        } else {
            for (KernelArch k : kernels) {
                list.append(list.isEmpty() ? "" : "-").append("kernel").append(k.kernel()).append('-')
                        .append(k.arch());
            }
        }
        // DKMS: (( $(echo "$kernel_version_list" | wc -m) > 200 )), the newline counted.
        String kernelList = list.codePoints().count() + 1 > MAX_KERNEL_LIST ? "manykernels" : list.toString();
        return mv.module() + "-" + mv.version() + "-" + kernelList + ".dkms.tar.gz";
    }

    private static byte[] tar(List<Built> kernels, Payload payload, TarWriter tar) throws IOException {
        tar.directory(ROOT, DIR_MODE);
        tar.directory(ROOT + "/" + MAIN_TREE, DIR_MODE);
        try {
            for (Built b : kernels) {
                tar.directory(ROOT + "/" + MAIN_TREE + "/" + b.target().kernel(), DIR_MODE);
                tar.tree(b.dir().toRealPath(), ROOT + "/" + MAIN_TREE + "/" + b.target().kernel() + "/"
                        + b.target().arch());
            }
            if (payload instanceof Payload.Source source) {
                // source is DKMS's link to /usr/src/<m>-<v>; "source/" follows it, the walk below does not.
                tar.tree(source.dir().toRealPath(), ROOT + "/" + SOURCE_TREE);
            } else if (payload instanceof Payload.BinariesOnly bin) {
                String dir = ROOT + "/" + BINARIES_ONLY;
                tar.directory(dir, DIR_MODE);
                tar.file(dir + "/PACKAGE_NAME", bin.moduleVersion().module() + "\n", 0644);
                tar.file(dir + "/PACKAGE_VERSION", bin.moduleVersion().version() + "\n", 0644);
                if (Files.isRegularFile(bin.conf())) {
                    tar.file(dir + "/" + bin.conf().getFileName(), Files.readAllBytes(bin.conf()), 0644);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return tar.toBytes();
    }

    /**
     * The compression GNU tar's {@code -a} picks for {@code fileName}: none for a name it does not know.
     *
     * @throws IOException for a suffix whose compression kmodfarm cannot write (bzip2, zstd, lzip, lzma, lzop,
     *                     compress), naming it
     */
    public static Compression compressionFor(String fileName) throws IOException {
        String name = fileName;
        for (String[] suffix : new String[][] {{".gz", "GZIP"}, {".tgz", "GZIP"}, {".taz", "GZIP"},
                {".xz", "XZ"}, {".txz", "XZ"}, {".zst", "zstd"}, {".tzst", "zstd"}, {".bz2", "bzip2"},
                {".tbz", "bzip2"}, {".tbz2", "bzip2"}, {".tz2", "bzip2"}, {".lz", "lzip"}, {".lzma", "lzma"},
                {".tlz", "lzma"}, {".lzo", "lzop"}, {".Z", "compress"}, {".taZ", "compress"}}) {
            if (name.endsWith(suffix[0])) {
                return switch (suffix[1]) {
                    case "GZIP" -> Compression.GZIP;
                    case "XZ" -> Compression.XZ;
                    default -> throw new IOException(suffix[1] + " compression (" + suffix[0]
                            + ") is not supported by kmodfarm; name the archive .tar.gz, .tar.xz or .tar");
                };
            }
        }
        return Compression.NONE;
    }

    /**
     * Writes {@code tar} to {@code file}, compressed as its name says ({@link #compressionFor}). The archive
     * is written under a hidden name in the same directory and renamed over {@code file}, so a reader never
     * sees half an archive.
     */
    public static void write(byte[] tar, Path file) throws IOException {
        Compression compression = compressionFor(file.getFileName().toString());
        Path temp = file.resolveSibling("." + file.getFileName() + ".kmodfarm-" + UUID.randomUUID());
        try {
            try (OutputStream raw = Files.newOutputStream(temp); OutputStream out = compression.compress(raw)) {
                out.write(tar);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Extracts {@code archive} (plain, gzip or xz, recognised by its first bytes as {@code tar -x} does) into
     * {@code into}, refusing absolute names, {@code ..} and links that leave it ({@link TarExtractor}).
     *
     * @param into an existing, empty directory
     * @return the archive's entry names, normalised
     * @throws org.kmodfarm.archive.UnsafeEntryException for a hostile entry; {@code into} then holds a
     *                                                    partial tree the caller deletes
     * @throws IOException                                when the archive is damaged, not a tar, or compressed
     *                                                    in a way kmodfarm does not read
     */
    public static List<String> extract(Path archive, Path into) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive))) {
            raw.mark(8);
            byte[] head = raw.readNBytes(8);
            raw.reset();
            Compression compression = Compression.ofMagic(head);
            if (!compression.supported()) {
                throw new IOException("zstd-compressed archives are not supported by kmodfarm");
            }
            if (head.length >= BZIP2.length && new String(head, 0, 3, StandardCharsets.ISO_8859_1).equals("BZh")) {
                throw new IOException("bzip2-compressed archives are not supported by kmodfarm");
            }
            try (InputStream in = compression.decompress(raw)) {
                return TarExtractor.extract(in, "", into);
            }
        }
    }

    /**
     * DKMS's {@code find DIR/ -name dkms.conf | head -n 1} for an archive that is not DKMS's: a directory's
     * own {@code dkms.conf} first, then its subdirectories in byte order, depth first. find follows the
     * directory's order, which nothing promises; this makes the choice the same on every machine.
     */
    public static Optional<Path> firstConf(Path dir) throws IOException {
        Path own = dir.resolve("dkms.conf");
        if (Files.exists(own, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(own);
        }
        List<Path> children;
        try (var list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                Optional<Path> found = firstConf(child);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
