package org.kmodfarm.packaging.module;

import java.util.Locale;
import java.util.Optional;

/** A module version of the tree, {@code NAME/VERSION} as DKMS writes it. */
public record ModuleVersion(String name, String version) {
    public ModuleVersion {
        if (name == null || name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a module name: '" + name + "'");
        }
        if (version == null || version.isEmpty() || version.contains("/") || version.startsWith(".")) {
            throw new IllegalArgumentException("not a module version: '" + version + "'");
        }
    }

    /** {@code NAME/VERSION}; empty when the text has another shape. */
    public static Optional<ModuleVersion> parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0 || text.startsWith(".")
                || text.substring(slash + 1).startsWith(".")) {
            return Optional.empty();
        }
        return Optional.of(new ModuleVersion(text.substring(0, slash), text.substring(slash + 1)));
    }

    /**
     * The module's name as Debian package names allow it (lower case, {@code _} → {@code -}), as DKMS's
     * mkdeb did.
     */
    public String debianName() {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return name + "/" + version;
    }
}
