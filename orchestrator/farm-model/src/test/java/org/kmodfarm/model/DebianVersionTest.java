package org.kmodfarm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DebianVersionTest {

    private static int cmp(String a, String b) {
        return Integer.signum(new DebianVersion(a).compareTo(new DebianVersion(b)));
    }

    @Test
    void ordersAsDpkgDoes() {
        assertEquals(-1, cmp("6.1.170-3", "6.1.192-2"));
        assertEquals(-1, cmp("6.12.95-1~bpo12+1", "6.12.95-1"));
        assertEquals(1, cmp("1:1.0", "2.0"));
        assertEquals(0, cmp("1.0", "1.00"));
        assertEquals(-1, cmp("1.0~rc1", "1.0"));
        assertEquals(-1, cmp("1.0", "1.0a"));
        assertEquals(-1, cmp("1.0a", "1.0+"));
        assertEquals(-1, cmp("1.0-1", "1.0-1.1"));
    }

    @Test
    void kernelReleasesOrderNumerically() {
        assertTrue(KernelRelease.parse("6.1.0-9-amd64").compareTo(KernelRelease.parse("6.1.0-47-amd64")) < 0);
        assertTrue(KernelRelease.parse("6.12.95+deb12-amd64")
                .compareTo(KernelRelease.parse("6.12.107+deb12-amd64")) < 0);
    }

    @Test
    void rejectsWhatIsNotAKernelRelease() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelRelease.parse("amd64"));
        assertTrue(e.getMessage().contains("uname -r"));
        assertThrows(IllegalArgumentException.class, () -> new DebianVersion("1 0"));
    }

    @Test
    void archParsesBothNamesAndListsValidOnes() {
        assertEquals(Arch.AMD64, Arch.parse("x86_64"));
        assertEquals(Arch.ARM64, Arch.parse("arm64"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Arch.parse("vax"));
        assertTrue(e.getMessage().contains("amd64, arm64"));
    }
}
