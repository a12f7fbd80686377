package org.kmodfarm.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void readsTheUsualSuffixes() {
        assertEquals(512L << 20, Sizes.parse("512m"));
        assertEquals(2L << 30, Sizes.parse("2G"));
        assertEquals(1536L << 20, Sizes.parse("1536MiB"));
        assertEquals(4096L << 10, Sizes.parse("4096k"));
        assertEquals(1000L, Sizes.parse("1000"));
    }

    @Test
    void refusesWhatIsNotASize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse("lots"));
        assertTrue(e.getMessage().contains("512m"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("99999999999t"));
    }
}
