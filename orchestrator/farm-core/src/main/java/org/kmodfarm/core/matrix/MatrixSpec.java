package org.kmodfarm.core.matrix;

import java.nio.file.Path;
import java.util.List;

/** A parsed, statically valid matrix file; resolving it against repositories gives kernel targets. */
public record MatrixSpec(Path file, List<TargetGroup> groups) {
    public MatrixSpec {
        groups = List.copyOf(groups);
    }
}
