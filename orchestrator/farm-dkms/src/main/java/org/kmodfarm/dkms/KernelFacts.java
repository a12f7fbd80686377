package org.kmodfarm.dkms;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answers to the questions DKMS asks of the evaluation machine rather than of the values: whether the
 * kernel (or arch) matches a regex under bash's {@code =~}, what the kernel config holds, how the kernel was
 * compiled. Bash answers them where the evaluation runs, so POSIX regex dialect and file contents are the
 * real ones.
 *
 * @param makeMatch       for each set index of MAKE_MATCH: the kernel matches it (false for an empty value)
 * @param patchMatch      likewise for PATCH_MATCH
 * @param exclusiveKernel likewise for BUILD_EXCLUSIVE_KERNEL
 * @param exclusiveArch   likewise for BUILD_EXCLUSIVE_ARCH, against the arch
 * @param config          each word of BUILD_EXCLUSIVE_CONFIG with whether its name (without {@code !}) is
 *                        {@code =y} or {@code =m} in the kernel config; empty when the value is empty or the
 *                        config file does not exist (DKMS then ignores the directive)
 * @param llvm            the kernel was built with clang, so DKMS appends {@code LLVM=1} to the make command
 */
public record KernelFacts(Map<Integer, Boolean> makeMatch, Map<Integer, Boolean> patchMatch,
        Map<Integer, Boolean> exclusiveKernel, Map<Integer, Boolean> exclusiveArch, List<ConfigProbe> config,
        boolean llvm) {
    public KernelFacts {
        makeMatch = Map.copyOf(makeMatch);
        patchMatch = Map.copyOf(patchMatch);
        exclusiveKernel = Map.copyOf(exclusiveKernel);
        exclusiveArch = Map.copyOf(exclusiveArch);
        config = List.copyOf(config);
    }

    /**
     * One word of BUILD_EXCLUSIVE_CONFIG.
     *
     * @param word  as written, e.g. {@code CONFIG_USB} or {@code !CONFIG_X86_32}
     * @param inConfig the kernel config has the option at {@code y} or {@code m}
     */
    public record ConfigProbe(String word, boolean inConfig) {
        public ConfigProbe {
            Objects.requireNonNull(word, "word");
        }

        /** DKMS's rule: {@code CONFIG_X} needs the option, {@code !CONFIG_X} forbids it. */
        public boolean satisfied() {
            return word.startsWith("!") != inConfig;
        }
    }
}
