package org.kmodfarm.core.apt;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A suite's {@code Release} file: what the suite calls itself, which architectures and components it
 * has, and the SHA-256 and size of each index, used to verify what is downloaded and to tell whether a
 * cached index is still current.
 */
public record ReleaseFile(String codename, String suite, List<String> architectures, List<String> components,
                          Map<String, IndexEntry> sha256) {

    /** One index file as the Release file lists it. */
    public record IndexEntry(String path, String sha256, long size) {
    }

    public ReleaseFile {
        architectures = List.copyOf(architectures);
        components = List.copyOf(components);
        sha256 = Map.copyOf(sha256);
    }

    public static ReleaseFile parse(String text) {
        List<Deb822.Stanza> stanzas = Deb822.parse(text);
        if (stanzas.isEmpty()) {
            throw new IllegalArgumentException("empty Release file");
        }
        Deb822.Stanza s = stanzas.get(0);
        Map<String, IndexEntry> entries = new HashMap<>();
        for (String line : s.getOrEmpty("SHA256").split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 3) {
                entries.put(parts[2], new IndexEntry(parts[2], parts[0], Long.parseLong(parts[1])));
            }
        }
        return new ReleaseFile(s.getOrEmpty("Codename"), s.getOrEmpty("Suite"), words(s.get("Architectures")),
                words(s.get("Components")), entries);
    }

    /**
     * The best Packages index of a component and architecture, xz first (smallest), then gz, then plain;
     * empty when the suite has none (the architecture or component does not exist there).
     */
    public Optional<IndexEntry> packagesIndex(String component, String arch) {
        String base = component + "/binary-" + arch + "/Packages";
        for (String suffix : List.of(".xz", ".gz", "")) {
            IndexEntry e = sha256.get(base + suffix);
            if (e != null) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.strip().split("\\s+"));
    }
}
