package org.kmodfarm.core.watch;

import java.util.List;
import org.kmodfarm.model.KernelTarget;

/**
 * The repository's kernels against what a watch state knew.
 *
 * @param current  every kernel the matrix resolves to now
 * @param appeared kernels never seen before, or back after being gone
 * @param gone     kernels the state knew as present that the repository no longer has
 */
public record KernelChanges(List<KernelTarget> current, List<KernelTarget> appeared, List<KnownKernel> gone) {
    public KernelChanges {
        current = List.copyOf(current);
        appeared = List.copyOf(appeared);
        gone = List.copyOf(gone);
    }
}
