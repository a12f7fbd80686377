package org.kmodfarm.dkms.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvokerTest {
    /** A fake that writes a fixed output to the log and exits with a fixed status. */
    private record FakeIo(String output, int exit) implements BuildIo {
        @Override
        public int shell(String command, Path cwd, Map<String, String> environment, Path log)
                throws java.io.IOException {
            Files.writeString(log, output, java.nio.file.StandardOpenOption.APPEND);
            return exit;
        }

        @Override
        public Result exec(List<String> argv, Path cwd, Map<String, String> environment) {
            return new Result(exit, output);
        }
    }

    private static final class Captured implements BuildOutput {
        final StringBuilder out = new StringBuilder();

        @Override
        public void out(String text) {
            out.append(text);
        }

        @Override
        public void err(String text) {
            out.append(text);
        }
    }

    private final Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    @Test
    void logsInDkmsFormatAndSaysDone(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("make.log");
        Files.writeString(log, "header\n");
        Captured out = new Captured();
        int exit = new Invoker(new FakeIo("  CC      x.o\n", 0), out, clock).logged("make -j1", "Building module(s)",
                log, dir, Map.of());
        assertEquals(0, exit);
        assertEquals("Building module(s)... done.\n", out.out.toString());
        assertEquals("header\n\nBuilding module(s)\n# command: make -j1\n  CC      x.o\n\n# exit code: 0\n"
                + "# elapsed time: 00:00:00\n" + Invoker.RULE + "\n", Files.readString(log));
    }

    @Test
    void reportsAFailureWithTheCommand(@TempDir Path dir) throws Exception {
        Captured out = new Captured();
        int exit = new Invoker(new FakeIo("", 2), out, clock).logged("make", "Building module(s)",
                dir.resolve("make.log"), dir, Map.of());
        assertEquals(2, exit);
        assertEquals("Building module(s)...(bad exit status: 2)\nFailed command:\nmake\n", out.out.toString());
    }

    @Test
    void elapsedTimeIsClockTime() {
        assertEquals("01:01:01", Invoker.elapsed(3661));
    }

    @Test
    void suffixFollowsTheKernelsModules(@TempDir Path dir) throws Exception {
        assertEquals("", ModuleSuffix.detect(dir).compressed());
        Files.createDirectories(dir.resolve("kernel"));
        Files.writeString(dir.resolve("kernel/a.ko.xz"), "");
        assertEquals(".xz", ModuleSuffix.detect(dir).compressed());
        Files.writeString(dir.resolve("kernel/b.ko.zst"), "");
        ModuleSuffix zst = ModuleSuffix.detect(dir);
        assertEquals(".ko.zst", zst.full());
        assertEquals(List.of(dir.resolve("kernel/b.ko.zst")), zst.findAll(dir, "b"));
        assertEquals(dir.resolve("kernel/b.ko.zst"), zst.find(dir.resolve("kernel"), "b").orElseThrow());
    }
}
