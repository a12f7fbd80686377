package org.kmodfarm.report;

import java.util.regex.Pattern;

/** Text made safe for XML 1.0, which cannot carry most control characters even escaped. */
final class Xml {
    // Compilers colour their output; the escape sequences mean nothing in a report.
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");

    private Xml() {
    }

    /** {@code text} without terminal escapes, every character XML 1.0 forbids replaced by U+FFFD. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        ANSI.matcher(text).replaceAll("").codePoints().forEach(cp -> {
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            out.appendCodePoint(allowed ? cp : 0xFFFD);
        });
        return out.toString();
    }

    /** {@link #clean} on one line: line breaks become spaces (attribute values are normalised anyway). */
    static String oneLine(String text) {
        return clean(text).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
