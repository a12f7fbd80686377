package org.kmodfarm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.KernelTarget;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import picocli.CommandLine.Option;

/** {@code --matrix FILE}, {@code -k KERNEL} (repeatable) and {@code --all}, shared by every verb that takes kernels. */
final class KernelSelection {
    @Option(names = "--matrix", paramLabel = "FILE",
            description = "Kernel matrix file (default: kernel-matrix/debian.yaml).")
    Path matrix;

    @Option(names = {"-k", "--kernel"}, paramLabel = "KERNEL",
            description = "A kernel release of the matrix, e.g. 6.1.0-47-amd64; repeatable (default: every kernel).")
    List<String> kernels = new ArrayList<>();

    @Option(names = "--all", description = "Every kernel of the matrix (the default when no -k is given).")
    boolean all;

    @Option(names = "--refresh", description = "Fetch the repository indexes even when the cached ones are fresh.")
    boolean refresh;

    /** The matrix's targets, narrowed to the {@code -k} kernels; an unknown kernel is bad input. */
    List<KernelTarget> targets(Context context) {
        Path file = context.matrixFile(matrix);
        List<KernelTarget> resolved = context.resolve(file, refresh);
        if (all || kernels.isEmpty()) {
            return resolved;
        }
        Set<String> known = resolved.stream().map(t -> t.kernel().value()).collect(Collectors.toSet());
        List<Problem> problems = kernels.stream().filter(k -> !known.contains(k))
                .map(k -> new Problem(SourceLocation.wholeFile(file), "kernel " + k + " is not in this matrix",
                        "pick one of: " + String.join(", ", new java.util.TreeSet<>(known))))
                .toList();
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return resolved.stream().filter(t -> kernels.contains(t.kernel().value())).toList();
    }
}
