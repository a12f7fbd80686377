package org.kmodfarm.dkms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.model.InfraException;

class LocalBashRunnerTest {
    @TempDir
    Path dir;

    @Test
    void runsWithExactlyTheGivenEnvironmentArgsAndCwd() {
        ShellResult r = new LocalBashRunner().run(new ShellInvocation(
                "printf '%s\\0' \"$0\" \"$1\" \"$X\" \"$PWD\" \"${HOME-unset}\"; echo err >&2; exit 3", "name",
                List.of("a b"), Map.of("X", "x"), dir.toString()));
        assertEquals(3, r.exitCode());
        assertArrayEquals(("name\0a b\0x\0" + dir + "\0unset\0").getBytes(StandardCharsets.UTF_8), r.stdout());
        assertEquals("err\n", r.stderr());
    }

    @Test
    void timeoutKillsAndThrows() {
        LocalBashRunner runner = new LocalBashRunner("bash", Duration.ofMillis(300));
        assertThrows(InfraException.class, () -> runner.run(
                new ShellInvocation("sleep 30", "slow", List.of(), Map.of(), dir.toString())));
    }

    @Test
    void missingBashIsAnInfrastructureError() {
        LocalBashRunner runner = new LocalBashRunner(dir.resolve("no-bash").toString(), Duration.ofSeconds(5));
        assertThrows(InfraException.class, () -> runner.run(
                new ShellInvocation("true", "x", List.of(), Map.of(), dir.toString())));
    }
}
