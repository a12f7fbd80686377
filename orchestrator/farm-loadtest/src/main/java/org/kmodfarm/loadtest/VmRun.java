package org.kmodfarm.loadtest;

import java.util.Objects;

/**
 * How one machine ended.
 *
 * @param console    what it wrote on its serial console (capped: the head and the tail when it was long)
 * @param timedOut   true when it was killed at its time limit
 * @param exitCode   the emulator's exit status; -1 when it was killed
 * @param durationMs wall-clock time from start to end
 */
public record VmRun(String console, boolean timedOut, int exitCode, long durationMs) {
    public VmRun {
        Objects.requireNonNull(console, "console");
    }
}
