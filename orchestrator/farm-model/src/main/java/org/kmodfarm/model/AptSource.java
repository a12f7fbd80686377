package org.kmodfarm.model;

import java.net.URI;
import java.util.Objects;

/** One line of an apt sources list: an archive root and one suite ({@code deb URI SUITE main}). */
public record AptSource(URI mirror, String suite) {
    public AptSource {
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(suite, "suite");
        if (!suite.matches("[a-z0-9][a-z0-9.+-]*")) {
            throw new IllegalArgumentException("not a suite name: '" + suite + "'");
        }
    }

    /** The {@code deb} line apt reads, for the main component. */
    public String debLine() {
        return "deb " + mirror + " " + suite + " main";
    }
}
