package org.kmodfarm.core.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogCaptureTest {
    @Test
    void keepsEverythingUnderTheCap() {
        LogCapture log = new LogCapture(1024);
        log.accept("one");
        log.accept("two");
        assertEquals(List.of("one", "two"), log.lines());
        assertFalse(log.capped());
        assertEquals("one\ntwo\n", new String(log.bytes()));
    }

    @Test
    void aFloodKeepsItsHeadAndTailWithinTheCap() {
        LogCapture log = new LogCapture(4096);
        for (int i = 0; i < 100_000; i++) {
            log.accept("line " + i + " of a module that prints far too much");
        }
        List<String> kept = log.lines();
        assertTrue(log.capped());
        assertEquals("line 0 of a module that prints far too much", kept.get(0));
        assertEquals("line 99999 of a module that prints far too much", kept.get(kept.size() - 1));
        assertTrue(kept.stream().anyMatch(l -> l.startsWith("[kmodfarm: ") && l.contains("cut from the middle")));
        assertTrue(log.bytes().length <= 4096 + 200, "within the cap plus the marker line");
    }
}
