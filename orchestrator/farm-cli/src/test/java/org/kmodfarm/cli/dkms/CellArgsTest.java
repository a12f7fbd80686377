package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CellArgsTest {
    @Test
    void parsesTheFarmsCommandLine() throws CellArgs.Invalid {
        CellArgs args = CellArgs.parse(new String[] {"--source", "/build/src", "--kernel", "6.12.95+deb12-amd64",
                "--arch", "x86_64", "--jobs", "4", "--out", "/build/out"});
        assertEquals(new CellArgs(Path.of("/build/src"), "6.12.95+deb12-amd64", "x86_64", 4, Path.of("/build/out"),
                Optional.empty()), args);
    }

    @Test
    void takesTheDependenciesDirectory() throws CellArgs.Invalid {
        CellArgs args = CellArgs.parse(new String[] {"--source", "/build/src", "--kernel", "6.1.0-1-amd64",
                "--arch", "x86_64", "--jobs", "1", "--out", "/build/out", "--deps", "/build/deps"});
        assertEquals(Optional.of(Path.of("/build/deps")), args.deps());
    }

    @Test
    void reportsEveryProblemAtOnce() {
        CellArgs.Invalid e = assertThrows(CellArgs.Invalid.class, () -> CellArgs.parse(new String[] {"--kernel",
                "../etc", "--jobs", "0", "--verbose", "--source", "/a", "--source", "/b"}));
        String message = e.getMessage();
        for (String expected : new String[] {"unknown argument '--verbose'", "--source given twice",
                "--arch is missing", "--out is missing", "--kernel '../etc' is not a kernel release",
                "--jobs '0' is not a positive number", CellArgs.USAGE}) {
            assertTrue(message.contains(expected), () -> expected + " not in: " + message);
        }
    }

    @Test
    void anOptionWithoutItsValueIsReported() {
        CellArgs.Invalid e = assertThrows(CellArgs.Invalid.class, () -> CellArgs.parse(new String[] {"--source",
                "/s", "--kernel", "6.1.0-1-amd64", "--arch", "x86_64", "--out", "/o", "--jobs"}));
        assertTrue(e.getMessage().startsWith("--jobs needs a value; --jobs is missing"), e.getMessage());
    }

    @Test
    void aNonNumericJobCountIsReported() {
        CellArgs.Invalid e = assertThrows(CellArgs.Invalid.class, () -> CellArgs.parse(new String[] {"--source",
                "/s", "--kernel", "6.1.0-1-amd64", "--arch", "x86_64", "--out", "/o", "--jobs", "many"}));
        assertTrue(e.getMessage().startsWith("--jobs 'many' is not a positive number"), e.getMessage());
    }
}
