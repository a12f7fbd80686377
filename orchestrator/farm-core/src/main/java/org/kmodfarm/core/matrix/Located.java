package org.kmodfarm.core.matrix;

import java.util.Objects;
import org.kmodfarm.model.SourceLocation;

/** A value read from a file, with where it was written, so later checks can point at it. */
public record Located<T>(T value, SourceLocation where) {
    public Located {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(where, "where");
    }
}
