package org.kmodfarm.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxShellRunnerTest {

    /** The wrapper is POSIX sh run by /bin/sh in the image; here it runs against a stand-in /build. */
    @Test
    void wrapperQuotesEverythingAndCapturesBothStreams(@TempDir Path dir) throws Exception {
        ShellInvocation inv = new ShellInvocation("printf '%s|' \"$0\" \"$@\" \"$A\"; echo oops >&2; exit 3",
                "it's", List.of("a b", "$HOME", "c'd"), Map.of("A", "x'y $z"), dir.toString());
        String wrapper = SandboxShellRunner.wrapper(inv).replace("/build/", dir + "/");
        Files.createDirectories(dir.resolve("out"));
        Files.createDirectories(dir.resolve("kmodfarm"));
        Files.writeString(dir.resolve("kmodfarm/script.bash"), inv.script());
        Process p = new ProcessBuilder("/bin/sh", "-c", wrapper).start();
        assertEquals(0, p.waitFor());
        assertEquals("it's|a b|$HOME|c'd|x'y $z|", Files.readString(dir.resolve("out/stdout"), StandardCharsets.UTF_8));
        assertEquals("oops\n", Files.readString(dir.resolve("out/stderr")));
        assertEquals("3", Files.readString(dir.resolve("out/status")).strip());
    }
}
