package org.kmodfarm.dkms;

import java.util.Objects;

/**
 * One MAKE[i]/MAKE_MATCH[i] pair, or PATCH[i]/PATCH_MATCH[i] pair, as written.
 *
 * @param index         i
 * @param value         MAKE[i] (a command) or PATCH[i] (a file under {@code patches/})
 * @param match         the regex, empty when unset
 * @param matchesKernel bash's {@code [[ $kernelver =~ $match ]]} for the kernel the conf was read for;
 *                      false when {@code match} is empty
 */
public record ConditionalEntry(int index, String value, String match, boolean matchesKernel) {
    public ConditionalEntry {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(match, "match");
    }
}
