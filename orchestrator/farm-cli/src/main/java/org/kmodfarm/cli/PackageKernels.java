package org.kmodfarm.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.kmodfarm.model.SourceLocation;
import picocli.CommandLine.Option;

/**
 * Which kernels a binary packaging verb packages: named ({@code -k}), or those of a matrix; without either (the
 * group is then null), every kernel BUILT in the tree. Used as an exclusive argument group.
 */
final class PackageKernels {
    @Option(names = {"-k", "--kernel"}, paramLabel = "KERNEL", required = true,
            description = "A kernel release the module is BUILT for; repeatable (default: every BUILT kernel).")
    List<String> named;

    @Option(names = "--matrix", paramLabel = "FILE", required = true,
            description = "Every kernel of this matrix file; each must be BUILT.")
    Path matrix;

    /** The kernels asked for; empty for every BUILT one. */
    static Optional<List<String>> kernels(Context context, PackageKernels group) {
        if (group == null) {
            return Optional.empty();
        }
        if (group.matrix != null) {
            return Optional.of(context.resolve(context.matrixFile(group.matrix), false).stream()
                    .map(t -> t.kernel().value()).toList());
        }
        return Optional.of(List.copyOf(group.named));
    }

    /** What problems about the kernels point at: the matrix file, if one was given. */
    static Optional<SourceLocation> origin(Context context, PackageKernels group) {
        return group == null || group.matrix == null ? Optional.empty()
                : Optional.of(SourceLocation.wholeFile(context.matrixFile(group.matrix)));
    }
}
