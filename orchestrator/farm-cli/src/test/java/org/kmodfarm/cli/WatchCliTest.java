package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.testkit.LocalMirror;

/**
 * watch, history and gc over fake services and a local mirror that gains, then loses, a kernel; the webhook
 * received by a server on loopback.
 */
class WatchCliTest {
    private static final String K47 = LocalMirror.headers("6.1.0-47-amd64", "6.1.170-3", "linux-compiler-gcc-12-x86");
    private static final String K56 = LocalMirror.headers("6.1.0-56-amd64", "6.1.192-2", "linux-compiler-gcc-12-x86");

    @TempDir
    Path dir;
    final FakeServices services = new FakeServices();
    final Map<String, String> env = new HashMap<>();
    HookReceiver hook;
    List<HookReceiver.Received> received;
    LocalMirror mirror;
    String out;

    @BeforeEach
    void setUp() throws Exception {
        mirror = CliWorkDir.prepare(dir, env, K47);
        hook = new HookReceiver("s3cret");
        received = hook.received;
        env.put("KMODFARM_WATCH_WEBHOOK_URL", hook.url());
        env.put("KMODFARM_WATCH_WEBHOOK_SECRET", "s3cret");
    }

    @AfterEach
    void stop() {
        hook.close();
    }

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(args, dir, env, c -> services, new PrintWriter(o), new PrintWriter(e));
        out = o + e.toString();
        return code;
    }

    @Test
    void watchBuildsOnlyNewKernelsReportsRegressionsAndKeepsGoneKernels() throws Exception {
        assertEquals(0, run("watch", "--once"), out);
        assertTrue(out.contains("1 kernel(s), 1 new (6.1.0-47-amd64), 0 gone; 0 module version(s); 0 kernel(s) "
                + "to build") && out.contains("only the kernels are watched"), out);
        assertEquals(1, received.size(), "a new kernel is news");
        assertEquals(2, run("watch", "--modules", "nope"), out);
        assertTrue(out.contains("no module nope in the tree"), out);
        assertEquals(0, run("demo"), out);

        assertEquals(0, run("watch", "--once"), out);
        assertTrue(out.contains("1 kernel(s), 0 new, 0 gone; 1 module version(s); 0 kernel(s) to build"),
                "demo built the known kernel: " + out);
        assertEquals(0, run("watch", "--once"), out);
        assertTrue(out.contains("0 new, 0 gone") && out.contains("nothing new"), out);
        assertEquals(1, received.size(), "nothing new, nothing sent");

        // The mirror gains -56, on which the module breaks: -47 (its predecessor in the family) built.
        mirror.suite("bookworm", K47 + K56);
        services.failingKernels = java.util.Set.of("6.1.0-56-amd64");
        assertEquals(4, run("watch", "--once", "--fail-on", "regression"), out);
        assertTrue(out.contains("1 new (6.1.0-56-amd64)") && out.contains("1 kernel(s) to build"), out);
        assertTrue(out.contains("run 1 cell(s)") || out.contains(": 1 cell(s)"), "only the new kernel's cell: " + out);
        assertEquals(2, received.size());
        HookReceiver.Received second = received.get(1);
        assertEquals(second.expected(), second.signature(), "signed with the shared secret");
        JsonNode notice = new ObjectMapper().readTree(second.body());
        assertEquals("kmodfarm.watch", notice.get("event").asText());
        assertEquals("6.1.0-56-amd64 x86_64", notice.at("/newKernels/0").asText());
        assertEquals("kmodfarm-hello/0.1/6.1.0-56-amd64/x86_64", notice.at("/regressions/0/cell").asText());
        assertEquals("6.1.0-47-amd64", notice.at("/regressions/0/builtOn").asText());
        assertTrue(Files.isRegularFile(Path.of(notice.at("/reports/html").asText())), notice.toString());

        // -47 leaves the repository: its cells stay, marked GONE.
        mirror.suite("bookworm", K56);
        assertEquals(0, run("watch", "--once"), out);
        assertTrue(out.contains("1 gone (6.1.0-47-amd64)"), out);
        assertEquals("6.1.0-47-amd64 x86_64",
                new ObjectMapper().readTree(received.get(2).body()).at("/goneKernels/0").asText());

        assertEquals(0, run("history"), out);
        assertTrue(out.matches("(?s).*kmodfarm-hello/0.1/6.1.0-47-amd64/x86_64 +GONE +\\d{4}-.*"), out);
        assertTrue(out.matches("(?s).*kmodfarm-hello/0.1/6.1.0-56-amd64/x86_64 +FAILED +- +- +\\d{4}-.*"), out);
        assertTrue(out.matches("(?s).*LAST GOOD.*kmodfarm-hello/0.1 +debian/bookworm/amd64 x86_64 +6.1.0-47-amd64.*"),
                "the last good build of the family is -47's: " + out);
        assertEquals(0, run("history", "--json", "kmodfarm-hello"), out);
        JsonNode history = new ObjectMapper().readTree(out);
        assertEquals(2, history.get("cells").size());
        assertEquals(1, history.get("lastGood").size());
        assertFalse(history.at("/lastGood/0/modules").isEmpty());
    }

    @Test
    void theLoopKeepsWatchingThroughErrorsUntilInterrupted() throws Exception {
        env.put("KMODFARM_MIRROR", dir.resolve("no-mirror").toUri().toString());
        java.util.concurrent.atomic.AtomicInteger code = new java.util.concurrent.atomic.AtomicInteger(-1);
        Thread loop = new Thread(() -> code.set(run("watch", "--interval", "1s")));
        loop.start();
        Thread.sleep(2_500);
        loop.interrupt();
        loop.join(10_000);
        assertEquals(ExitCodes.INTERRUPTED, code.get(), out);
        assertTrue(out.split("error: ", -1).length > 2, "two watches or more, each reporting the mirror: " + out);
        assertTrue(out.contains("next watch in"), out);
    }

    @Test
    void gcKeepsTheNewestRunsAndEveryLastGoodBuild() throws Exception {
        assertEquals(0, run("demo"), out);
        String firstRun = runId();
        services.failingKernels = java.util.Set.of("6.1.0-47-amd64");
        for (int i = 0; i < 3; i++) {
            assertEquals(1, run("demo", "--rebuild"), out);
        }
        assertEquals(0, run("gc", "--dry-run", "--keep-runs", "1"), out);
        assertTrue(out.contains("would remove: 2 run(s)"), out);
        Path runs = dir.resolve("results/.kmodfarm/runs");
        assertEquals(4, Files.list(runs).count());
        assertEquals(0, run("gc", "--keep-runs", "1"), out);
        assertTrue(out.contains("removed: 2 run(s)"), out);
        assertTrue(Files.isDirectory(runs.resolve(firstRun)), "the first run holds the last good build of -47");
        assertEquals(0, run("report", firstRun, "--format", "html", "--out", "first.html"), out);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("href=\"([^\"]*objects[^\"]*)\"")
                .matcher(Files.readString(dir.resolve("first.html")));
        int links = 0;
        while (m.find()) {
            assertTrue(Files.isRegularFile(dir.resolve(m.group(1))), m.group(1));
            links++;
        }
        assertEquals(4 + 2, links, "its cell's make.log, build log, result.json and module, and the last good "
                + "build's result.json and module, all kept");
    }

    private String runId() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("run: \\S*/runs/(\\S+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }
}
