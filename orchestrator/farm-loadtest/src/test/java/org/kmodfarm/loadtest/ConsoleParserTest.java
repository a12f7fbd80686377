package org.kmodfarm.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser on consoles recorded from real load tests (Debian's 6.1 and 6.12 kernels under QEMU). */
class ConsoleParserTest {
    static String recorded(String name) throws IOException {
        try (InputStream in = ConsoleParserTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void readsEveryFactOfALoadedModule() throws IOException {
        ConsoleFacts f = ConsoleParser.parse(recorded("loaded-6.1.log"));
        assertTrue(f.booted() && f.ended());
        assertEquals("6.1.0-56-amd64", f.kernel());
        assertEquals(0, f.taintBefore());
        assertEquals(12288, f.taintAfter());
        assertEquals(List.of(new ConsoleFacts.Command("kmodfarm_hello", false, 0, "")), f.insmods());
        assertEquals(List.of(new ConsoleFacts.Command("kmodfarm_hello", false, 0, "")), f.rmmods());
        assertEquals("", f.panic());
        assertTrue(f.kernelLog().stream().anyMatch(l -> l.equals("kmodfarm hello: loaded")), f.kernelLog().toString());
        assertTrue(f.kernelLog().stream().noneMatch(l -> l.contains("Run /init")), "boot lines are before the mark");
    }

    @Test
    void aMarkerAfterAKernelMessageOnTheSameLineIsStillRead() {
        ConsoleFacts f = ConsoleParser.parse("KMODFARM-BOOTED 6.1.0-56-amd64\n"
                + "[    3.1] random: crng initKMODFARM-INSMOD cell hello 1 insmod: can't insert 'x': Invalid argument\n");
        assertEquals(1, f.insmods().size());
        assertEquals("insmod: can't insert 'x': Invalid argument", f.insmods().get(0).message());
        assertTrue(!f.ended());
    }

    @Test
    void withoutDmesgTheConsolesKernelLinesAreTheLog() {
        ConsoleFacts f = ConsoleParser.parse("KMODFARM-BOOTED 6.1.0-56-amd64\nKMODFARM-TAINT-BEFORE 0\n"
                + "[    4.000001] BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
                + "[    4.000002] Kernel panic - not syncing: Fatal exception\n");
        assertEquals("Kernel panic - not syncing: Fatal exception", f.panic());
        assertEquals(2, f.kernelLog().size(), f.kernelLog().toString());
    }
}
