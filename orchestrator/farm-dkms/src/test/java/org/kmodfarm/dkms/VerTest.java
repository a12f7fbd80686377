package org.kmodfarm.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2.6.9-1cvs200409091247|002.006.009-001cvs200409091247",
        "6.1.0-47-amd64|006.001.000-047-amd064",
        "4.12|004.012",
        "4.12-rc1|004.012-rc001",
        "1000.2|1000.002",
        "v1.2a|v001.002a",
        "''|''",
        "abc|abc",
        "007|007",
        "0|000",
    })
    void keyPadsDigitRunsToThree(String version, String key) {
        assertEquals(key, Ver.key(version));
    }

    @Test
    void spacesAreRemovedAndLinesKeyedSeparately() {
        assertEquals("001002", Ver.key("1 2"));
        assertEquals("001\n002", Ver.key("1\n2\n\n"));
    }

    @Test
    void echoOptionClustersPrintNothing() {
        assertEquals("", Ver.key("-n"));
        assertEquals("", Ver.key("-neE"));
        assertEquals("-x", Ver.key("-x"));
    }

    @Test
    void comparesByKeySoRcSortsAfterRelease() {
        // BUILD_EXCLUSIVE_KERNEL_MAX=4.12 excludes 4.12-rc1: the longer key is greater.
        assertTrue(Ver.compare("4.12-rc1", "4.12") > 0);
        assertTrue(Ver.compare("6.1.0-47-amd64", "6.12") < 0);
        assertTrue(Ver.compare("5.10", "5.9") > 0);
        assertEquals(0, Ver.compare("5.01", "5.1"), "both pad to 005.001");
        // Runs of four digits or more are not padded: 1000 sorts before 999's key 999.
        assertTrue(Ver.compare("1000", "999") < 0);
    }
}
