package org.kmodfarm.core.farm;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A cell's compiler cache hits and misses, counted from ccache's stats log ({@code ccache.log} among the cell's
 * outputs): one block per compilation, a {@code #} line naming the file, then the counters it touched.
 *
 * @param hits   compilations served from the cache (direct or preprocessed hits)
 * @param misses compilations the cache could not serve
 * @param hitRatio hits over compilations, 0 when nothing was compiled through the cache
 */
public record CompilerCacheStats(int hits, int misses, double hitRatio) {
    static final CompilerCacheStats NONE = of(0, 0);

    static CompilerCacheStats of(int hits, int misses) {
        return new CompilerCacheStats(hits, misses, hits + misses == 0 ? 0 : (double) hits / (hits + misses));
    }

    static CompilerCacheStats from(Map<String, byte[]> outputs) {
        byte[] log = outputs.get("ccache.log");
        if (log == null) {
            return NONE;
        }
        int hits = 0;
        int misses = 0;
        for (String line : new String(log, StandardCharsets.UTF_8).lines().toList()) {
            switch (line.strip()) {
                case "direct_cache_hit", "preprocessed_cache_hit" -> hits++;
                case "cache_miss" -> misses++;
                default -> {
                    // file names and other counters (unsupported options, called for link…)
                }
            }
        }
        return of(hits, misses);
    }
}
