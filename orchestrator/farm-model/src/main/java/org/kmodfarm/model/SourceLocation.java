package org.kmodfarm.model;

import java.nio.file.Path;
import java.util.Objects;

/** Where a piece of user input sits: a file and a 1-based line (0 when the whole file is meant). */
public record SourceLocation(Path file, int line) {
    public SourceLocation {
        Objects.requireNonNull(file, "file");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0: " + line);
        }
    }

    public static SourceLocation wholeFile(Path file) {
        return new SourceLocation(file, 0);
    }

    @Override
    public String toString() {
        return line == 0 ? file.toString() : file + ":" + line;
    }
}
