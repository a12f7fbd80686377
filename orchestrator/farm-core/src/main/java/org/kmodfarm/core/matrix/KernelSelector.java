package org.kmodfarm.core.matrix;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kmodfarm.model.KernelRelease;
import org.kmodfarm.model.SourceLocation;

/**
 * Which kernels of a group to take, per flavour. With {@code all}, every kernel found. Otherwise the union
 * of the explicit {@code releases}, the {@code newest} N and the {@code oldest} N of the kernels whose
 * release matches {@code match} (every kernel when absent); with only {@code match}, every match.
 */
public record KernelSelector(SourceLocation where, boolean all, List<Located<KernelRelease>> releases,
                             Optional<Pattern> match, int newest, int oldest) {
    public KernelSelector {
        releases = List.copyOf(releases);
        if (newest < 0 || oldest < 0) {
            throw new IllegalArgumentException("newest and oldest are counts >= 0");
        }
    }

    public static KernelSelector all(SourceLocation where) {
        return new KernelSelector(where, true, List.of(), Optional.empty(), 0, 0);
    }

    /** True when only a regex was given: every kernel that matches it is taken. */
    boolean matchOnly() {
        return !all && releases.isEmpty() && newest == 0 && oldest == 0;
    }
}
