package org.kmodfarm.core.apt;

import java.util.List;
import java.util.Objects;

/**
 * The part of a Packages stanza kernel resolution needs.
 *
 * @param depends the names of the packages it depends on, first alternative of each clause, no versions
 */
public record PackageEntry(String name, String version, List<String> depends) {
    public PackageEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        depends = List.copyOf(depends);
    }

    static PackageEntry of(Deb822.Stanza s) {
        return new PackageEntry(s.get("Package"), s.get("Version"), dependencyNames(s.getOrEmpty("Depends")));
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
