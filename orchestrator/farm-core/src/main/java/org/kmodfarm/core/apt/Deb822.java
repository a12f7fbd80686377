package org.kmodfarm.core.apt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads deb822 control data (Release, Packages, .sources files): stanzas separated by blank lines,
 * {@code Field: value} lines, continuation lines starting with white space.
 */
public final class Deb822 {
    private Deb822() {
    }

    /** One stanza: its fields in file order, and the 1-based line where it starts. */
    public record Stanza(Map<String, String> fields, int line) {
        public Stanza {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public String get(String field) {
            return fields.get(field);
        }

        public String getOrEmpty(String field) {
            return fields.getOrDefault(field, "");
        }
    }

    public static List<Stanza> parse(String text) {
        List<Stanza> out = new ArrayList<>();
        try {
            read(new BufferedReader(new StringReader(text)), out::add);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return out;
    }

    /** Streams the stanzas of a large file (a Packages index) without keeping them all. */
    public static void stream(InputStream in, Consumer<Stanza> sink) throws IOException {
        read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16), sink);
    }

    private static void read(BufferedReader reader, Consumer<Stanza> sink) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        int lineNo = 0;
        int start = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    sink.accept(new Stanza(fields, start));
                    fields = new LinkedHashMap<>();
                }
                last = null;
            } else if (line.startsWith("#")) {
                continue;
            } else if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                fields.merge(last, "\n" + line.strip(), String::concat);
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                if (fields.isEmpty()) {
                    start = lineNo;
                }
                last = line.substring(0, colon);
                fields.put(last, line.substring(colon + 1).strip());
            }
        }
        if (!fields.isEmpty()) {
            sink.accept(new Stanza(fields, start));
        }
    }
}
