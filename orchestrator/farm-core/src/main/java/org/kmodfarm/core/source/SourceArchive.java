package org.kmodfarm.core.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kmodfarm.archive.ArReader;
import org.kmodfarm.archive.Compression;

/**
 * An archive kind that can carry module sources. The kind comes from the file name and must be confirmed by
 * the file's first bytes: a name alone would let a misnamed file fail later with a confusing message.
 */
sealed interface SourceArchive permits DkmsTarball, DebianPackage {
    /** Tarball suffixes, longest first so {@code .tar.gz} is not taken for {@code .tar}. */
    List<Map.Entry<String, Compression>> TAR_SUFFIXES = List.of(
            Map.entry(".tar.gz", Compression.GZIP), Map.entry(".tgz", Compression.GZIP),
            Map.entry(".tar.xz", Compression.XZ), Map.entry(".txz", Compression.XZ),
            Map.entry(".tar.zst", Compression.ZSTD), Map.entry(".tzst", Compression.ZSTD),
            Map.entry(".tar", Compression.NONE));

    /**
     * Extracts what matters into the empty {@code directory} and checks it holds at least one source.
     *
     * @throws org.kmodfarm.model.BadInputException when the archive is damaged, unsafe or holds no source
     * @throws IOException                          when writing below {@code directory} fails
     */
    void extract(Path archive, Path directory) throws IOException;

    /** The source directories of a complete extraction, sorted. */
    List<Path> sources(Path extracted) throws IOException;

    /** What {@code file} (a regular file) is, by name and first bytes. */
    static SourceArchive detect(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(512);
        }
        if (name.endsWith(".deb")) {
            if (!ArReader.hasMagic(head)) {
                throw SourceProblems.notWhatItsNameSays(file, "a Debian package (an ar archive)");
            }
            return new DebianPackage();
        }
        for (Map.Entry<String, Compression> s : TAR_SUFFIXES) {
            if (name.endsWith(s.getKey())) {
                Compression c = s.getValue();
                boolean matches = c == Compression.NONE ? isTar(head) : Compression.ofMagic(head) == c;
                if (!matches) {
                    throw SourceProblems.notWhatItsNameSays(file, "a " + s.getKey() + " tarball");
                }
                if (!c.supported()) {
                    throw SourceProblems.zstd(file, null);
                }
                return new DkmsTarball(c);
            }
        }
        throw SourceProblems.unknownType(file);
    }

    /** POSIX and GNU tar headers carry "ustar" at offset 257; pre-POSIX v7 tars are not expected here. */
    private static boolean isTar(byte[] head) {
        byte[] magic = "ustar".getBytes(StandardCharsets.US_ASCII);
        return head.length >= 262 && Arrays.equals(head, 257, 262, magic, 0, magic.length);
    }
}
