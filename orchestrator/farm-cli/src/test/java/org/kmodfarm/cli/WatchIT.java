package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.apt.PackageEntry;
import org.kmodfarm.core.apt.SuiteIndex;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.testkit.LocalMirror;

/**
 * watch for real: Debian's bookworm indexes recorded from the mirror into a local one that first offers
 * 6.1.0-47 and then gains 6.1.0-56; the example module, changed to break from 6.1.180 on, built by the real
 * engine. The second watch builds only the new kernel's cell, reports it as REGRESSION (its predecessor built),
 * and a webhook server on loopback receives the signed notice. Then the real mirror, over the default matrix.
 */
class WatchIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    final Map<String, String> env = new HashMap<>();
    String out;

    int run(String... args) {
        RealCli r = RealCli.run(work, env, args);
        out = r.output();
        return r.code();
    }

    @Test
    void aNewKernelIsBuiltAloneAndItsRegressionNotified() throws Exception {
        env.put("KMODFARM_HOME", RealFarmIT.repo("").toString());
        // Record the real indexes of bookworm's suites (what the demo matrix resolves against).
        assertEquals(0, run("matrix", "resolve", RealFarmIT.repo("kernel-matrix/demo.yaml").toString()), out);
        Path recorded = work.resolve("recorded");
        // every other kernel's headers go (bookworm-security also carries 6.12 backports)
        Predicate<PackageEntry> only47 = p -> !p.name().startsWith("linux-headers-")
                || p.name().startsWith("linux-headers-6.1.0-47-");
        Predicate<PackageEntry> with56 = p -> only47.test(p) || p.name().startsWith("linux-headers-6.1.0-56-");
        record(recorded, only47);
        Files.writeString(work.resolve("watch.yaml"), "distro: debian\nmirror: " + recorded.resolve("debian").toUri()
                + "\nsecurity-mirror: " + recorded.resolve("debian-security").toUri() + "\n" + """
                targets:
                  - name: bookworm
                    release: bookworm
                    suites: [bookworm, bookworm-updates, bookworm-security]
                    flavours: [amd64]
                    kernels: all
                """);
        HookReceiver hook = new HookReceiver("nightly");
        env.put("KMODFARM_WATCH_WEBHOOK_URL", hook.url());
        env.put("KMODFARM_WATCH_WEBHOOK_SECRET", "nightly");
        try {
            Path source = Files.createDirectories(work.resolve("hello"));
            for (String name : DemoCommand.EXAMPLE_FILES) {
                Files.copy(RealFarmIT.repo("examples/hello").resolve(name), source.resolve(name));
            }
            Path c = source.resolve("hello.c");
            Files.writeString(c, Files.readString(c).replace("#include <linux/module.h>\n",
                    "#include <linux/module.h>\n#include <linux/version.h>\n"
                            + "#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 180)\n"
                            + "#error \"kmodfarm watch fixture: breaks from 6.1.180 on\"\n#endif\n"));
            assertEquals(0, run("build", "hello", "--matrix", "watch.yaml"), out);
            assertTrue(out.contains("kmodfarm-hello/0.1/6.1.0-47-amd64/x86_64  BUILT"), out);
            assertEquals(0, run("watch", "--once", "--matrix", "watch.yaml"), out);
            assertTrue(out.contains("1 new (6.1.0-47-amd64)") && out.contains("0 kernel(s) to build"), out);

            record(recorded, with56);
            assertEquals(4, run("watch", "--once", "--matrix", "watch.yaml", "--fail-on", "regression"), out);
            assertTrue(out.contains("2 kernel(s), 1 new (6.1.0-56-amd64)") && out.contains("1 kernel(s) to build"),
                    out);
            assertTrue(out.contains(": 1 cell(s)"), "only the new kernel's cell is built: " + out);
            assertEquals(2, hook.received.size());
            HookReceiver.Received notice = hook.received.get(1);
            assertEquals(notice.expected(), notice.signature(), "the signature verifies");
            JsonNode n = JSON.readTree(notice.body());
            assertEquals("kmodfarm-hello/0.1/6.1.0-56-amd64/x86_64", n.at("/regressions/0/cell").asText(), n.toString());
            assertEquals("6.1.0-47-amd64", n.at("/regressions/0/builtOn").asText());
            assertTrue(n.at("/regressions/0/firstError").asText().contains("breaks from 6.1.180 on"), n.toString());
            JsonNode report = JSON.readTree(Path.of(n.at("/reports/json").asText()).toFile());
            assertEquals("REGRESSION", report.at("/cells/0/comparison").asText(), report.toString());
            assertEquals("6.1.0-47-amd64", report.at("/run/lastGood/0/kernel").asText(), "last good is listed");

            assertEquals(0, run("history", "--json"), out);
            JsonNode history = JSON.readTree(out);
            assertEquals(2, history.get("cells").size(), out);
            assertEquals("FAILED", history.at("/cells/1/last/outcome").asText());
            assertTrue(history.at("/cells/1/regressed/runId").isTextual(), out);
            JsonNode good = history.at("/lastGood/0");
            assertEquals("6.1.0-47-amd64", good.get("kernel").asText());
            FarmTree tree = new FarmTree(work.resolve("results"));
            assertTrue(Files.isRegularFile(tree.object(good.at("/modules/0/sha256").asText())),
                    "the last good module is still in the tree");
        } finally {
            hook.close();
        }
    }

    @Test
    void theDefaultMatrixAgainstTheRealMirrorThenNothingNew() {
        env.put("KMODFARM_HOME", RealFarmIT.repo("").toString());
        String matrix = RealFarmIT.repo("kernel-matrix/debian.yaml").toString();
        assertEquals(0, run("watch", "--once", "--matrix", matrix), out);
        Matcher m = Pattern.compile("(\\d+) kernel\\(s\\), (\\d+) new").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Integer.parseInt(m.group(1)) >= 6 && m.group(1).equals(m.group(2)), out);
        long t0 = System.nanoTime();
        assertEquals(0, run("watch", "--once", "--matrix", matrix), out);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(out.contains(", 0 new, 0 gone") && out.contains("nothing new"), out);
        // a few seconds: the indexes' Release files are fetched again, nothing is built
        assertTrue(ms < 30_000, "second watch took " + ms + " ms");
        System.out.println("WatchIT: second watch of the default matrix took " + ms + " ms");
    }

    /** Writes the cached indexes of bookworm's suites as a local mirror, keeping the packages {@code keep} takes. */
    private void record(Path mirror, Predicate<PackageEntry> keep) throws Exception {
        LocalMirror main = new LocalMirror(mirror.resolve("debian"));
        LocalMirror security = new LocalMirror(mirror.resolve("debian-security"));
        List<Path> indexes;
        try (Stream<Path> walk = Files.walk(work.resolve("results/.kmodfarm/cache"))) {
            // the index cache's file names carry its format version: main-amd64.json, main-amd64.v2.json…
            indexes = walk.filter(p -> p.getFileName().toString().matches("main-amd64(\\.v\\d+)?\\.json"))
                    .filter(p -> p.getParent().getFileName().toString().startsWith("bookworm")).toList();
        }
        List<String> suites = new ArrayList<>();
        for (Path file : indexes) {
            SuiteIndex index = FarmTree.readJson(file, SuiteIndex.class);
            if ("file".equals(index.mirror().getScheme())) {
                continue; // the recorded mirror's own indexes, cached by the watches
            }
            StringBuilder packages = new StringBuilder();
            for (PackageEntry p : index.packages()) {
                if (keep.test(p)) {
                    packages.append("Package: ").append(p.name()).append("\nVersion: ").append(p.version())
                            .append(p.depends().isEmpty() ? "" : "\nDepends: " + String.join(", ", p.depends()))
                            .append("\n\n");
                }
            }
            (index.suite().endsWith("-security") ? security : main).suite(index.suite(), packages.toString());
            suites.add(index.suite());
        }
        assertEquals(List.of("bookworm", "bookworm-backports", "bookworm-security", "bookworm-updates"),
                suites.stream().sorted().toList(),
                "each suite recorded once, from the real mirror");
    }
}
