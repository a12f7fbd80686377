package org.kmodfarm.core.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CompilerCacheStatsTest {
    @Test
    void countsHitsAndMissesOfTheCellsOwnLog() {
        String log = """
                # /tmp/kmodfarm/tree/m/1/build/a.c
                direct_cache_hit
                # /tmp/kmodfarm/tree/m/1/build/b.c
                preprocessed_cache_hit
                # /tmp/kmodfarm/tree/m/1/build/c.c
                cache_miss
                # /tmp/kmodfarm/tree/m/1/build/m.mod.c
                cache_miss
                """;
        CompilerCacheStats stats = CompilerCacheStats.from(Map.of("ccache.log", log.getBytes()));
        assertEquals(2, stats.hits());
        assertEquals(2, stats.misses());
        assertEquals(0.5, stats.hitRatio());
        assertEquals(CompilerCacheStats.NONE, CompilerCacheStats.from(Map.of()));
    }
}
