package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.testkit.JUnitXmlSchema;

/**
 * Load tests for real: the example module built by the real farm for the demo's two kernels, their Debian image
 * packages fetched from the mirror, each kernel booted in QEMU (TCG when KVM does not answer) and the module
 * loaded, its taint read and the module removed again → LOADED on both. Then two modules that build but must not
 * pass: one whose init returns -EINVAL, one that dereferences NULL in its init (an oops, which must not hang the
 * run) → LOAD_FAILED with the reason from the console, and exit 1.
 */
class LoadTestIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    String out;

    int run(String... args) {
        // the kernel packages (70 MB each) are kept between runs of the test, beside the build's other outputs
        RealCli r = RealCli.run(work, Map.of("KMODFARM_CACHE_DIR",
                Path.of("target/loadtest-cache").toAbsolutePath().toString()), args);
        out = r.output();
        System.out.println(out);
        return r.code();
    }

    @Test
    void theExampleLoadsOnBothKernelsAndBrokenModulesFail() throws Exception {
        Path hello = Files.createDirectories(work.resolve("hello"));
        for (String name : DemoCommand.EXAMPLE_FILES) {
            Files.copy(RealFarmIT.repo("examples/hello").resolve(name), hello.resolve(name));
        }
        String matrix = RealFarmIT.repo("kernel-matrix/demo.yaml").toString();
        long t0 = System.nanoTime();
        assertEquals(0, run("build", "hello", "--matrix", matrix, "--loadtest", "-j", "2", "--vm-timeout", "150s"), out);
        System.out.printf("build --loadtest of 2 cells: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        Path cells = work.resolve("results/.kmodfarm/cells/kmodfarm-hello/0.1");
        List<Path> kernels;
        try (Stream<Path> list = Files.list(cells)) {
            kernels = list.sorted().toList();
        }
        assertEquals(2, kernels.size(), kernels.toString());
        for (Path k : kernels) {
            Path cell = k.resolve("x86_64");
            JsonNode load = JSON.readTree(cell.resolve("load.json").toFile());
            assertEquals("LOADED", load.get("verdict").asText(), load.toString());
            assertEquals(k.getFileName().toString(), load.get("bootedKernel").asText());
            assertTrue(load.get("taintFlags").asText().contains("O"), "an out-of-tree module taints O: " + load);
            assertEquals(0, load.at("/modules/0/rmmodStatus").asInt(-1), load.toString());
            assertTrue(Files.readString(cell.resolve("console.log")).contains("kmodfarm hello: loaded"));
            JsonNode record = JSON.readTree(cell.resolve("result.json").toFile());
            assertEquals("LOADED", record.at("/load/verdict").asText(), record.toString());
            assertTrue(record.at("/load/unloaded").asBoolean(), record.toString());
            System.out.printf("%s: boot, load, unload, power-off %d ms (%s)%n", k.getFileName(),
                    load.get("bootMs").asLong(), load.get("accel").asText());
        }
        Path runDir = work.resolve("results/.kmodfarm/runs").resolve(runId());
        JsonNode report = JSON.readTree(runDir.resolve("report.json").toFile());
        report.get("cells").forEach(c -> assertEquals("LOADED", c.at("/load/verdict").asText(), c.toString()));
        assertTrue(Files.readString(runDir.resolve("report.md")).contains("| LOADED |"));
        assertTrue(Files.readString(runDir.resolve("report.html")).contains("load: LOADED"));
        assertTrue(Files.readString(runDir.resolve("metrics.prom")).contains("kmodfarm_load_cells_total{kernel="));
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true)
                .redirectInput(runDir.resolve("metrics.prom").toFile()).start();
        String check = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, promtool.waitFor(), check);

        String k61 = kernels.stream().map(p -> p.getFileName().toString()).filter(k -> k.startsWith("6.1.")).findFirst()
                .orElseThrow();
        broken("einval", "return -EINVAL;");
        broken("oops", "return *(volatile int *)NULL;");
        assertEquals(0, run("build", "einval", "oops", "--matrix", matrix, "-k", k61, "-j", "2"), out);
        long t1 = System.nanoTime();
        assertEquals(1, run("loadtest", "kmodfarm-einval/0.1", "kmodfarm-oops/0.1", "--matrix", matrix, "-k", k61,
                "-j", "2", "--vm-timeout", "150s"), out);
        System.out.printf("loadtest of 2 broken cells: %.1f s%n", (System.nanoTime() - t1) / 1e9);
        JsonNode einval = loadJson("kmodfarm-einval", k61);
        assertEquals("LOAD_FAILED", einval.get("verdict").asText(), einval.toString());
        assertTrue(einval.get("reason").asText().contains("Invalid argument"), einval.toString());
        JsonNode oops = loadJson("kmodfarm-oops", k61);
        assertEquals("LOAD_FAILED", oops.get("verdict").asText(), oops.toString());
        assertTrue(oops.get("reason").asText().matches(".*(BUG:|Oops|NULL pointer).*"), oops.toString());
        assertTrue(!oops.get("timedOut").asBoolean(), "an oops ends the insmod, not the machine: " + oops);
        assertTrue(oops.get("taintFlags").asText().contains("D"), "an oops taints D: " + oops);

        // the build run's report shows the verdicts found after it
        assertEquals(0, run("report", "--latest", "--format", "junit", "--out", "broken.xml"), out);
        String junit = Files.readString(work.resolve("broken.xml"));
        JUnitXmlSchema.validate(junit);
        assertTrue(junit.contains("message=\"[LOAD_FAILED] insmod kmodfarm_einval: ") && junit.contains("failures=\"2\""),
                junit);
    }

    /** A module that builds cleanly and whose init does {@code body}. */
    private void broken(String name, String body) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Files.writeString(dir.resolve("dkms.conf"), "PACKAGE_NAME=\"kmodfarm-" + name + "\"\nPACKAGE_VERSION=\"0.1\"\n"
                + "BUILT_MODULE_NAME[0]=\"kmodfarm_" + name + "\"\nDEST_MODULE_LOCATION[0]=\"/updates/dkms\"\n");
        Files.writeString(dir.resolve("Makefile"), "obj-m := kmodfarm_" + name + ".o\n");
        Files.writeString(dir.resolve("kmodfarm_" + name + ".c"), """
                // SPDX-License-Identifier: GPL-2.0
                /* kmodfarm's load-test fixture: builds, must not load. */
                #include <linux/init.h>
                #include <linux/module.h>

                static int __init fixture_init(void)
                {
                \t%s
                }

                static void __exit fixture_exit(void)
                {
                }

                module_init(fixture_init);
                module_exit(fixture_exit);
                MODULE_LICENSE("GPL");
                """.formatted(body));
    }

    private JsonNode loadJson(String module, String kernel) throws Exception {
        Path file = work.resolve("results/.kmodfarm/cells").resolve(module).resolve("0.1").resolve(kernel)
                .resolve("x86_64/load.json");
        assertTrue(Files.isRegularFile(file), file + "\n" + out);
        JsonNode n = JSON.readTree(file.toFile());
        assertNotNull(n.get("verdict"));
        return n;
    }

    private String runId() {
        Matcher m = Pattern.compile("run: \\S*/runs/(\\S+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }
}
