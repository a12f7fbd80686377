package org.kmodfarm.core.apt;

import java.util.List;
import java.util.Objects;

/**
 * The part of a Packages stanza kernel resolution and package downloads need.
 *
 * @param depends  the names of the packages it depends on, first alternative of each clause, no versions
 * @param filename the package file's path under the archive root ({@code pool/main/l/linux/…deb}); empty when
 *                 the stanza names none (or in caches written before it was kept)
 * @param sha256   the package file's SHA-256 as the index lists it; empty when unknown
 * @param size     the package file's size in bytes; 0 when unknown
 */
public record PackageEntry(String name, String version, List<String> depends, String filename, String sha256,
                           long size) {
    public PackageEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        depends = List.copyOf(depends);
        filename = filename == null ? "" : filename;
        sha256 = sha256 == null ? "" : sha256;
    }

    static PackageEntry of(Deb822.Stanza s) {
        String size = s.getOrEmpty("Size").strip();
        return new PackageEntry(s.get("Package"), s.get("Version"), dependencyNames(s.getOrEmpty("Depends")),
                s.getOrEmpty("Filename").strip(), s.getOrEmpty("SHA256").strip(),
                size.matches("\\d+") ? Long.parseLong(size) : 0);
    }

    /** {@code a (>= 1), b | c, d:any} becomes {@code [a, b, d]}. */
    static List<String> dependencyNames(String depends) {
        if (depends.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(depends.split(","))
                .map(clause -> clause.split("\\|")[0].strip())
                .map(first -> first.split("[\\s(]")[0])
                .map(name -> name.contains(":") ? name.substring(0, name.indexOf(':')) : name)
                .filter(name -> !name.isEmpty())
                .toList();
    }
}
