package org.kmodfarm.core.gc;

import java.util.List;

/**
 * What {@code gc} removed (or, in a dry run, would remove).
 *
 * @param runs           the run ids removed
 * @param objects        artifacts no kept run, cell record or cache entry names
 * @param sources        kept module sources nothing names any more
 * @param cacheEntries   cell cache entries and unpacked archives beyond the cache's size
 * @param bytes          the space freed
 */
public record GcResult(List<String> runs, int objects, int sources, int cacheEntries, long bytes) {
    public GcResult {
        runs = List.copyOf(runs);
    }
}
