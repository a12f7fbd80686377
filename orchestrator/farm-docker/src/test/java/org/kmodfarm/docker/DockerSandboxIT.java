package org.kmodfarm.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kmodfarm.archive.TarReader;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.SandboxExit;
import org.kmodfarm.model.spi.SandboxResult;
import org.kmodfarm.model.spi.SandboxSpec;

class DockerSandboxIT {
    private static final String CASE = "kmodfarm-test.case";
    private static final long MIB = 1024 * 1024;

    private static DockerEngine engine;
    private static DockerSandbox sandbox;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() throws Exception {
        engine = DockerEngines.connect(null);
        TestImages.sandbox(new DockerImageStore(engine));
        sandbox = new DockerSandbox(engine);
    }

    @AfterAll
    static void cleanUp() {
        TestImages.removeLeftovers(engine.client());
        engine.close();
    }

    private static SandboxSpec spec(String name, byte[] input, String script, long memory, Duration timeout) {
        return new SandboxSpec(TestImages.SANDBOX, input, List.of("sh", "-c", script), memory, 64, 1.0, timeout,
                Map.of(TestImages.OWNER, TestImages.OWNER_VALUE, CASE, name));
    }

    private SandboxResult run(String name, String script) throws InterruptedException {
        return sandbox.run(spec(name, new byte[0], script, 256 * MIB, Duration.ofSeconds(30)), log::add);
    }

    private static void assertGone(String name) {
        assertTrue(TestImages.containers(engine.client(), CASE, name).isEmpty(), "container of " + name + " left");
    }

    @Test
    void inputGoesInOutputComesOutWithTheExitStatus() throws Exception {
        byte[] input = new TarWriter().file("in/hello.txt", "hello from the host\n", 0644).toBytes();
        String script = "cat /build/in/hello.txt; echo to-stderr >&2; mkdir -p /build/out/sub"
                + " && cp /build/in/hello.txt /build/out/sub/copy.txt && id -u > /build/out/uid;"
                + " printf 'no newline at the end'; exit 7";
        SandboxResult r = sandbox.run(spec("io", input, script, 256 * MIB, Duration.ofSeconds(30)), log::add);

        assertEquals(new SandboxExit.Exited(7), r.exit(), log.toString());
        assertTrue(log.containsAll(List.of("hello from the host", "to-stderr", "no newline at the end")),
                log.toString());
        Map<String, byte[]> out = TarReader.files(r.outputTar());
        assertEquals(List.of("sub/copy.txt", "uid"), List.copyOf(out.keySet()));
        assertEquals("hello from the host\n", new String(out.get("sub/copy.txt"), StandardCharsets.UTF_8));
        assertEquals("1000\n", new String(out.get("uid"), StandardCharsets.UTF_8));
        assertGone("io");
    }

    @Test
    void runIsLockedDown() throws Exception {
        SandboxResult r = run("locked", "cat /proc/net/dev; getent hosts deb.debian.org && echo RESOLVED;"
                + " touch /etc/x || echo ROOT-READ-ONLY; touch /tmp/x && echo TMP-WRITABLE;"
                + " grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; id -u");

        assertEquals(new SandboxExit.Exited(0), r.exit(), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.strip().startsWith("lo:")), log.toString());
        assertFalse(log.stream().anyMatch(l -> l.strip().matches("^(eth|en|docker|veth)\\w*:.*")), log.toString());
        assertFalse(log.contains("RESOLVED"), log.toString());
        assertTrue(log.contains("ROOT-READ-ONLY"), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("Read-only file system")), log.toString());
        assertTrue(log.contains("TMP-WRITABLE"), log.toString());
        assertTrue(log.contains("CapEff:\t0000000000000000"), log.toString());
        assertTrue(log.contains("NoNewPrivs:\t1"), log.toString());
        assertTrue(log.contains("1000"), log.toString());
        assertTrue(TarReader.files(r.outputTar()).isEmpty(), "no /build/out gives an empty tar");
        assertGone("locked");
    }

    @Test
    void timeoutKillsAndRemovesTheContainer() throws Exception {
        SandboxResult r = sandbox.run(spec("timeout", new byte[0], "echo started; sleep 30", 256 * MIB,
                Duration.ofSeconds(2)), log::add);
        assertEquals(new SandboxExit.TimedOut(), r.exit());
        assertTrue(r.elapsed().toSeconds() < 10, r.elapsed().toString());
        assertTrue(log.contains("started"), log.toString());
        assertGone("timeout");
    }

    @Test
    void exceedingTheMemoryLimitIsOutOfMemory() throws Exception {
        // One 200 MiB "line": tail must hold all of it, beyond the 64 MiB limit.
        SandboxResult r = sandbox.run(spec("oom", new byte[0], "head -c 200m /dev/zero | tail; echo survived",
                64 * MIB, Duration.ofSeconds(30)), log::add);
        assertEquals(new SandboxExit.OutOfMemory(), r.exit(), log.toString());
        assertGone("oom");
    }

    @Test
    void interruptKillsAndRemovesTheContainerAndItsVolume() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                sandbox.run(spec("interrupt", new byte[0], "sleep 30", 256 * MIB, Duration.ofSeconds(60)), log::add);
            } catch (Throwable t) {
                thrown.set(t);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        Container running = awaitRunning("interrupt");
        String volume = engine.client().inspectContainerCmd(running.getId()).exec().getMounts().get(0).getName();
        caller.interrupt();
        caller.join(15_000);

        assertFalse(caller.isAlive());
        assertInstanceOf(InterruptedException.class, thrown.get());
        assertEquals(Boolean.TRUE, flagAfter.get(), "interrupt flag restored");
        assertGone("interrupt");
        assertThrows(NotFoundException.class, () -> engine.client().inspectVolumeCmd(volume).exec());
    }

    @Test
    void missingImageIsAnInfraFailure() {
        SandboxSpec spec = new SandboxSpec("kmodfarm-test/none:missing", new byte[0], List.of("true"), 64 * MIB, 64,
                1.0, Duration.ofSeconds(5), Map.of(TestImages.OWNER, TestImages.OWNER_VALUE));
        InfraException e = assertThrows(InfraException.class, () -> sandbox.run(spec, log::add));
        assertTrue(e.getMessage().contains("kmodfarm-test/none:missing"), e.getMessage());
    }

    private static Container awaitRunning(String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (Container c : TestImages.containers(engine.client(), CASE, name)) {
                if ("running".equals(c.getState())) {
                    return c;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the sandbox of " + name + " never ran");
    }
}
