package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.source.TreeHash;
import org.kmodfarm.model.CellOutcome;

/**
 * Hostile module sources against the real engine and a real bookworm kernel's builder image (network, writes
 * outside the tree, fork bomb, memory, endless loop, log flood, output flood): each is contained,
 * classified with a clear reason, and leaves the host, its own source and the engine as they were. Also: a run
 * killed with SIGKILL leaves nothing half-written, and the next run reaps its container and builds only what
 * is missing.
 */
class HostileSourcesIT {
    @TempDir
    static Path work;
    static Path matrix;
    static final List<String> CASES = List.of("hostile-network", "hostile-writes", "hostile-forkbomb",
            "hostile-memory", "hostile-loop", "hostile-flood", "hostile-output");
    static final Map<String, String> HASHES = new HashMap<>();
    String out;
    String err;

    @BeforeAll
    static void fixtures() throws IOException {
        // One kernel: bookworm's newest 6.1 ABI, the image the demo matrix uses too.
        matrix = work.resolve("one-kernel.yaml");
        Files.writeString(matrix, """
                distro: debian
                targets:
                  - name: bookworm
                    release: bookworm
                    suites: [bookworm, bookworm-updates, bookworm-security]
                    flavours: [amd64]
                    kernels: {match: '^6\\.1\\.', newest: 1}
                """);
        for (String name : List.of("hostile-network", "hostile-writes", "hostile-forkbomb", "hostile-memory",
                "hostile-loop", "hostile-flood", "hostile-output", "hostile-slow")) {
            Path dir = work.resolve("sources").resolve(name);
            Files.createDirectories(dir);
            // Each case is its dkms.conf and attack script around the same harmless module.
            Path fixtures = RealFarmIT.repo("orchestrator/farm-cli/src/test/resources/hostile");
            for (String f : List.of("dkms.conf", "attack.sh")) {
                Files.copy(fixtures.resolve(name).resolve(f), dir.resolve(f));
            }
            for (String f : List.of("Makefile", "hostile.c")) {
                Files.copy(fixtures.resolve("common").resolve(f), dir.resolve(f));
            }
            dir.resolve("attack.sh").toFile().setExecutable(true);
            HASHES.put(name, TreeHash.of(dir));
        }
    }

    static Map<String, String> env() {
        return Map.of("KMODFARM_HOME", RealFarmIT.repo("").toString(), "KMODFARM_CELL_MEMORY", "768m");
    }

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(args, work, env(), DockerServices::new, new PrintWriter(o), new PrintWriter(e));
        out = o.toString();
        err = e.toString();
        return code;
    }

    static CellResult result(String module) throws IOException {
        Path cells = work.resolve("results/.kmodfarm/cells").resolve(module).resolve("1.0");
        try (Stream<Path> found = Files.walk(cells)) {
            Path json = found.filter(p -> p.getFileName().toString().equals("result.json")).findFirst().orElseThrow();
            return FarmTree.readJson(json, CellResult.class);
        }
    }

    static String makeLog(String module) throws IOException {
        Path cells = work.resolve("results/.kmodfarm/cells").resolve(module).resolve("1.0");
        try (Stream<Path> found = Files.walk(cells)) {
            Path log = found.filter(p -> p.getFileName().toString().equals("make.log")).findFirst().orElseThrow();
            return Files.readString(log);
        }
    }

    static List<String> containers(String label) throws Exception {
        Process p = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=" + label).start();
        String ids = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor());
        return ids.isEmpty() ? List.of() : List.of(ids.split("\\s+"));
    }

    @Test
    void everyHostileSourceIsContainedAndClassified() throws Exception {
        List<String> args = new ArrayList<>(List.of("build"));
        CASES.forEach(c -> args.add("sources/" + c));
        args.addAll(List.of("--matrix", matrix.toString(), "--keep-going", "--jobs", "2", "--timeout", "45s"));
        int code = run(args.toArray(String[]::new));
        assertEquals(ExitCodes.FAILED, code, err + out);

        CellResult network = result("hostile-network");
        assertEquals(CellOutcome.FAILED, network.outcome(), out);
        assertTrue(makeLog("hostile-network").contains("network reached: no"), makeLog("hostile-network"));

        CellResult writes = result("hostile-writes");
        assertEquals(CellOutcome.BUILT, writes.outcome(), out);
        String log = makeLog("hostile-writes");
        assertFalse(log.contains("WRITE-OK"), log);
        assertTrue(log.contains("WRITE-BLOCKED /build/src/hostile.c") && log.contains("WRITE-BLOCKED /etc/pwned"), log);

        CellResult bomb = result("hostile-forkbomb");
        assertEquals(CellOutcome.FAILED, bomb.outcome(), bomb.reason());
        assertEquals(1, bomb.attempts(), "a module's own failure is never retried");

        CellResult memory = result("hostile-memory");
        assertEquals(CellOutcome.FAILED, memory.outcome());
        assertTrue(memory.reason().contains("memory limit"), memory.reason());

        CellResult loop = result("hostile-loop");
        assertEquals(CellOutcome.TIMEOUT, loop.outcome());
        assertTrue(loop.reason().contains("wall-clock limit"), loop.reason());

        CellResult flood = result("hostile-flood");
        assertEquals(CellOutcome.BUILT, flood.outcome());
        assertTrue(flood.logCapped(), "the 100 MB log was capped");
        assertTrue(Files.size(work.resolve("results/.kmodfarm/cells/hostile-flood/1.0").resolve(flood.cell().kernel())
                .resolve("x86_64/make.log")) <= 9L << 20);

        CellResult output = result("hostile-output");
        assertEquals(CellOutcome.FAILED, output.outcome(), output.reason());
        assertTrue(output.reason().contains("MiB in its output folder"), output.reason());

        for (String c : CASES) {
            assertEquals(HASHES.get(c), TreeHash.of(work.resolve("sources").resolve(c)), c + "'s source changed");
        }
        assertFalse(Files.exists(Path.of("/etc/pwned")) || Files.exists(Path.of("/usr/pwned")));
        assertEquals(List.of(), containers("kmodfarm.pid=" + ProcessHandle.current().pid()));
    }

    /** kmodfarm's jar in a process of its own, building {@code sources} into {@code tree} one cell at a time. */
    static Process startJar(Path tree, Path log, String... sources) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", RealFarmIT.repo("orchestrator/farm-cli/target/kmodfarm.jar").toString(),
                "--tree", tree.toString(), "build"));
        for (String s : sources) {
            command.add(work.resolve("sources").resolve(s).toString());
        }
        command.addAll(List.of("--matrix", matrix.toString(), "--jobs", "1"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env());
        return pb.start();
    }

    @Test
    void ctrlCStopsTheRunAndRemovesItsContainers() throws Exception {
        Process run = startJar(work.resolve("interrupted"), work.resolve("interrupted.log"), "hostile-slow");
        String label = "kmodfarm.pid=" + run.pid();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (containers(label).isEmpty()) {
            assertTrue(System.nanoTime() < deadline && run.isAlive(), Files.readString(work.resolve("interrupted.log")));
            Thread.sleep(300);
        }
        assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(run.pid())).start().waitFor());
        assertTrue(run.waitFor(90, TimeUnit.SECONDS), "kmodfarm ends after Ctrl-C");
        assertEquals(List.of(), containers(label), "its container was killed and removed");
    }

    @Test
    void aRunKilledWithSigkillIsFinishedByTheNextOne() throws Exception {
        Path tree = work.resolve("killed");
        Process victim = startJar(tree, work.resolve("killed.log"), "hostile-writes", "hostile-slow");
        String label = "kmodfarm.pid=" + victim.pid();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        // hostile-writes is built first (jobs 1, plan order); kill while hostile-slow sleeps in its container.
        while (!Files.readString(work.resolve("killed.log")).contains("hostile-writes/1.0")
                || containers(label).isEmpty()) {
            assertTrue(System.nanoTime() < deadline && victim.isAlive(), Files.readString(work.resolve("killed.log")));
            Thread.sleep(500);
        }
        victim.destroyForcibly().waitFor();
        assertEquals(1, containers(label).size(), "SIGKILL leaves the container behind");

        int code = run("--tree", tree.toString(), "build", "sources/hostile-writes", "sources/hostile-slow",
                "--matrix", matrix.toString(), "--jobs", "1");
        assertEquals(0, code, err + out);
        assertTrue(out.contains("removed 1 container(s) left by an interrupted run"), out);
        assertTrue(out.contains("1 from the cache"), "only the missing cell was built:\n" + out);
        assertEquals(List.of(), containers(label));
        try (Stream<Path> all = Files.walk(tree)) {
            List<Path> partial = all.filter(p -> p.getFileName().toString().startsWith(".tmp")
                    || p.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), partial, "no half-written file");
        }
    }
}
