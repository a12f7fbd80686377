package org.kmodfarm.core.gc;

/**
 * What {@code gc} keeps.
 *
 * @param keepRuns      the newest runs kept (runs holding a last good build are kept besides)
 * @param cacheMaxBytes the size the cell cache and the unpacked archives are trimmed to, oldest first
 */
public record GcPolicy(int keepRuns, long cacheMaxBytes) {
    public GcPolicy {
        if (keepRuns < 1 || cacheMaxBytes < 0) {
            throw new IllegalArgumentException("keep at least one run and a cache of 0 bytes or more");
        }
    }
}
