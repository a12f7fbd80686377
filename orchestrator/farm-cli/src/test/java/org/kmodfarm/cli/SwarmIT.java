package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --runtime swarm} on a swarm of three engines made by {@code scripts/test-cluster up 3} (needs root): five
 * fixture modules (one built as two modules, one SKIPPED on 6.12, one FAILED) × the demo's two kernels give the same
 * records as the local engine, with cells on every node; killing a worker engine mid-run costs retries, not cells.
 * In the full tier (about 4 minutes on a quiet machine, 10 on a busy one): the swarm is one of DESIGN.md's full-tier
 * runs, and the remote path it shares with every runtime is checked in the test command by RemoteTransportIT.
 */
@Tag("full")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmIT {
    private static final Pattern PLACEMENT = Pattern.compile("(?m)^kmodfarm swarm: task \\S+ on node (\\S+)$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANAGER = "unix:///run/kmodfarm-swarm-0.sock";

    @TempDir
    static Path work;
    String out;
    String err;

    static Path repo(String path) {
        return Path.of("../..").resolve(path).toAbsolutePath().normalize();
    }

    @BeforeAll
    static void cluster() throws Exception {
        exec(List.of(repo("scripts/test-cluster").toString(), "up", "3"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        exec(List.of(repo("scripts/test-cluster").toString(), "down"));
    }

    static String exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), command + ":\n" + output);
        return output;
    }

    int build(String tree, String runtime, String... more) {
        List<String> args = new ArrayList<>(List.of("build"));
        for (String m : List.of("alpha", "bravo", "charlie", "delta", "echo")) {
            args.add(Path.of("src/test/resources/swarm-modules", m).toAbsolutePath().toString());
        }
        args.addAll(List.of("--matrix", repo("kernel-matrix/demo.yaml").toString(), "--all", "--keep-going",
                "--runtime", runtime));
        args.addAll(List.of(more));
        Map<String, String> env = new HashMap<>(Map.of("KMODFARM_HOME", repo("").toString(),
                "KMODFARM_TREE", work.resolve(tree).toString(), "KMODFARM_SWARM_HOST", MANAGER,
                "KMODFARM_SWARM_REGISTRY", "localhost:5055"));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(args.toArray(String[]::new), work, env, DockerServices::new, new PrintWriter(o),
                new PrintWriter(e));
        out = o.toString();
        err = e.toString();
        return code;
    }

    /** Every cell's record, by cell path (module/version/kernel/arch). */
    static Map<String, JsonNode> records(String tree) throws IOException {
        Path cells = work.resolve(tree).resolve(".kmodfarm/cells");
        Map<String, JsonNode> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(cells)) {
            for (Path r : files.filter(p -> p.getFileName().toString().equals("result.json")).toList()) {
                found.put(cells.relativize(r.getParent()).toString(), JSON.readTree(r.toFile()));
            }
        }
        return found;
    }

    /** The node each cell's last attempt ran on, from the line the swarm runtime puts in the cell's log. */
    static Map<String, String> nodes(String tree) throws IOException {
        Map<String, String> nodes = new TreeMap<>();
        Path cells = work.resolve(tree).resolve(".kmodfarm/cells");
        for (String cell : records(tree).keySet()) {
            Matcher m = PLACEMENT.matcher(Files.readString(cells.resolve(cell).resolve("build.log")));
            String node = null;
            while (m.find()) {
                node = m.group(1);
            }
            nodes.put(cell, node);
        }
        return nodes;
    }

    static Set<String> swarmNodes() throws Exception {
        return new TreeSet<>(List.of(exec(List.of("docker", "-H", MANAGER, "node", "ls", "-q")).strip().split("\\s+")));
    }

    /**
     * What must not depend on where a cell ran: outcome, reason, DKMS status, compression, every module's modinfo,
     * and its bytes but for its {@code .BTF} section. That section (pahole's type information, 6.12 kernels) is not
     * reproducible: two local runs of the same cell gave two module digests here, differing in it alone.
     */
    static Map<String, String> comparable(String tree) throws IOException {
        Map<String, String> view = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : records(tree).entrySet()) {
            JsonNode r = e.getValue();
            List<String> modules = new ArrayList<>();
            for (JsonNode m : r.path("modules")) {
                ObjectNode modinfo = ((ObjectNode) m.deepCopy());
                modinfo.remove("sha256");
                Path file = work.resolve(tree).resolve(e.getKey()).resolve("module").resolve(m.path("file").asText());
                modules.add(modinfo + " " + ModuleBytes.digestWithoutBtf(file));
            }
            view.put(e.getKey(), String.join(" | ", r.path("outcome").asText(), r.path("reason").asText(),
                    r.path("dkmsStatus").asText(), r.path("compression").asText(), String.join(", ", modules)));
        }
        return view;
    }

    @Test
    @Order(1)
    void theMatrixOnThreeNodesGivesTheLocalEnginesRecords() throws Exception {
        assertEquals(ExitCodes.FAILED, build("local", "docker", "--jobs", "2"), err + out);
        assertEquals(ExitCodes.FAILED, build("swarm", "swarm", "--jobs", "6"), err + out);
        Map<String, JsonNode> local = records("local");
        Map<String, JsonNode> swarm = records("swarm");
        assertEquals(10, local.size(), local.keySet().toString());
        Map<String, Long> outcomes = new TreeMap<>();
        swarm.values().forEach(r -> outcomes.merge(r.path("outcome").asText(), 1L, Long::sum));
        assertEquals(Map.of("BUILT", 7L, "SKIPPED", 1L, "FAILED", 2L), outcomes);
        assertEquals(comparable("local"), comparable("swarm"));
        Map<String, String> nodes = nodes("swarm");
        assertFalse(nodes.containsValue(null), "every swarm cell says where it ran: " + nodes);
        assertEquals(swarmNodes(), new TreeSet<>(nodes.values()), "cells on every node: " + nodes);
        assertEquals("", exec(List.of("docker", "-H", MANAGER, "service", "ls", "-q")).strip(), "services removed");
    }

    @Test
    @Order(2)
    void killingAWorkerEngineMidRunCostsRetriesNotCells() throws Exception {
        String killed = exec(List.of("docker", "-H", "unix:///run/kmodfarm-swarm-2.sock", "info", "--format",
                "{{.Swarm.NodeID}}")).strip();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> run = runner.submit(() -> build("killed", "swarm", "--jobs", "6"));
            waitForACellOn("unix:///run/kmodfarm-swarm-2.sock", run);
            exec(List.of(repo("scripts/test-cluster").toString(), "kill", "2"));
            assertEquals(ExitCodes.FAILED, run.get(20, TimeUnit.MINUTES), err + out);
        } finally {
            runner.shutdownNow();
        }
        Map<String, JsonNode> records = records("killed");
        assertEquals(comparable("swarm"), comparable("killed"), "every cell accounted for, as before");
        Map<String, String> nodes = nodes("killed");
        List<String> retried = records.entrySet().stream().filter(e -> e.getValue().path("attempts").asInt() > 1)
                .map(Map.Entry::getKey).toList();
        assertFalse(retried.isEmpty(), "the cells on the killed node were retried: " + out);
        for (String cell : retried) {
            assertFalse(killed.equals(nodes.get(cell)), cell + " ended on the killed node: " + nodes);
        }
    }

    /** Waits until node's engine runs a cell's container (the run must not end before). */
    private static void waitForACellOn(String node, Future<Integer> run) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (run.isDone()) {
                throw new AssertionError("the run ended before a cell ran on " + node + ": exit " + run.get());
            }
            if (!exec(List.of("docker", "-H", node, "ps", "-q", "--filter", "label=kmodfarm.managed=true")).isBlank()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no cell ran on " + node + " within 5 minutes");
    }
}
