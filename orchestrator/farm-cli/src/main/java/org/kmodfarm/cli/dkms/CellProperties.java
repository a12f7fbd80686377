package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code cell.properties}, the cell's verdict: which DKMS stage ran last and how it ended, plus facts about what
 * was collected. Written last and atomically, so that its presence means the collection is complete. The text
 * is {@link java.util.Properties} format, in a fixed key order and without Properties' date comment, so a cell
 * run twice writes the same bytes.
 *
 * @param name        PACKAGE_NAME; empty when add failed before knowing it
 * @param version     PACKAGE_VERSION; empty when add failed before knowing it
 * @param stage       the last DKMS stage run
 * @param status      that stage's DKMS exit code: 0 built, 77 BUILD_EXCLUSIVE, others as DKMS
 * @param compression the module suffix used ({@code .zst}, {@code .xz}, {@code .gz}), empty for none
 * @param logBytes    the size of the original make.log, 0 when there was none
 * @param logCapped   whether the collected make.log had its middle cut
 */
record CellProperties(String name, String version, Stage stage, int status, String compression, long logBytes,
        boolean logCapped) {
    static final String FILE = "cell.properties";

    /** DKMS's verbs a cell runs, in order. */
    enum Stage {
        ADD, BUILD;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    CellProperties {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(compression, "compression");
        if (logBytes < 0) {
            throw new IllegalArgumentException("logBytes must not be negative: " + logBytes);
        }
    }

    /** The file's text. */
    String text() {
        return "name=" + escape(name) + "\n"
                + "version=" + escape(version) + "\n"
                + "stage=" + stage.key() + "\n"
                + "status=" + status + "\n"
                + "compression=" + escape(compression) + "\n"
                + "log.bytes=" + logBytes + "\n"
                + "log.capped=" + logCapped + "\n";
    }

    /** Writes {@code dir/cell.properties} through a temporary file and a rename. */
    void writeTo(Path dir) throws IOException {
        Path temp = dir.resolve("." + FILE + ".tmp");
        Files.writeString(temp, text(), StandardCharsets.ISO_8859_1);
        Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Properties' escaping of a value: backslash escapes for specials, \\uXXXX beyond ASCII. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                case ' ' -> out.append(i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
