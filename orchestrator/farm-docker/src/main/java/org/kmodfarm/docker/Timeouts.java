package org.kmodfarm.docker;

import java.time.Duration;

/** Durations as the millisecond counts that docker-java's waits take. */
final class Timeouts {
    private Timeouts() {
    }

    /** {@code d} in milliseconds, saturating instead of overflowing for "practically forever". */
    static long millis(Duration d) {
        try {
            return Math.max(0, d.toMillis());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
