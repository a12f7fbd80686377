package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.testkit.JUnitXmlSchema;

/**
 * Reports of real runs: the example module built for two kernels of one family by the real engine, then changed
 * so that it breaks on the newer kernel. The second run's reports name the REGRESSION in every format; the HTML
 * report is rendered by a real headless Chromium (screenshot taken, every cell link resolved in the tree), the JUnit
 * XML is validated, and Prometheus's promtool checks the metrics.
 */
class ReportIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    String out;

    int run(String... args) {
        RealCli r = RealCli.run(work, args);
        out = r.output();
        return r.code();
    }

    private String runId() {
        Matcher m = Pattern.compile("run: \\S*/runs/(\\S+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void aRegressionIsReportedInEveryFormatAndTheHtmlRendersInChromium() throws Exception {
        Path source = Files.createDirectories(work.resolve("hello"));
        for (String name : DemoCommand.EXAMPLE_FILES) {
            Files.copy(RealFarmIT.repo("examples/hello").resolve(name), source.resolve(name));
        }
        String matrix = RealFarmIT.repo("kernel-matrix/demo.yaml").toString();
        assertEquals(0, run("build", "hello", "--matrix", matrix, "--fail-on", "regression"), out);
        String first = runId();

        // The same version, now broken on 6.12 only: 6.12's predecessor in its family (6.1) built before.
        Path c = source.resolve("hello.c");
        Files.writeString(c, Files.readString(c).replace("#include <linux/module.h>\n", "#include <linux/module.h>\n"
                + "#include <linux/version.h>\n#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)\n"
                + "#error \"kmodfarm regression fixture\"\n#endif\n"));
        assertEquals(4, run("build", "hello", "--matrix", matrix, "--keep-going", "--fail-on", "regression"), out);
        Path runDir = work.resolve("results/.kmodfarm/runs").resolve(runId());

        JsonNode json = JSON.readTree(runDir.resolve("report.json").toFile());
        List<String> classes = new ArrayList<>();
        json.get("cells").forEach(cell -> classes.add(cell.get("kernel").asText().replaceAll("^(\\d+\\.\\d+).*", "$1") + " "
                + cell.get("outcome").asText() + " " + cell.get("comparison").asText()));
        assertEquals(List.of("6.1 BUILT GOOD", "6.12 FAILED REGRESSION"), classes, json.toString());
        JsonNode regression = json.get("cells").get(1);
        assertEquals(first, regression.at("/baseline/runId").asText());
        assertTrue(regression.get("firstError").asText().contains("kmodfarm regression fixture"), regression.toString());

        String junit = Files.readString(runDir.resolve("report.junit.xml"));
        JUnitXmlSchema.validate(junit);
        assertTrue(junit.contains("message=\"[REGRESSION] hello.c:"), junit);
        String md = Files.readString(runDir.resolve("report.md"));
        assertTrue(md.contains("#### Regressions") && md.contains("| FAILED | REGRESSION |"), md);
        String html = Files.readString(runDir.resolve("report.html"));
        assertTrue(html.contains("cmp REGRESSION"), "HTML marks the regression");

        Path png = work.resolve("report.png");
        String dom = chromium(runDir.resolve("report.html"), png);
        assertTrue(dom.contains("<table class=\"grid\">") && dom.contains("▼ REGRESSION"), dom);
        BufferedImage shot = ImageIO.read(png.toFile());
        assertEquals(1280, shot.getWidth());
        assertTrue(colours(shot) > 8, "the screenshot shows a rendered page, not a blank one");
        List<String> links = new ArrayList<>();
        Matcher m = Pattern.compile("href=\"([^\"#]+)\"").matcher(dom);
        while (m.find()) {
            links.add(m.group(1));
        }
        assertTrue(links.size() >= 8, links.toString());
        for (String href : links) {
            Path target = runDir.resolve(URLDecoder.decode(href, StandardCharsets.UTF_8)).normalize();
            assertTrue(target.startsWith(work.resolve("results")) && Files.isRegularFile(target), href);
        }

        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true)
                .redirectInput(runDir.resolve("metrics.prom").toFile()).start();
        String check = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, promtool.waitFor(), check);

        // Links of the first run's report still resolve now that the second run replaced the cells' folders.
        assertEquals(0, run("report", first, "--format", "html", "--out", "old.html"), out);
        String old = Files.readString(work.resolve("old.html"));
        Matcher o = Pattern.compile("href=\"([^\"#]+objects[^\"]+)\"").matcher(old);
        int resolved = 0;
        while (o.find()) {
            assertTrue(Files.isRegularFile(work.resolve(URLDecoder.decode(o.group(1), StandardCharsets.UTF_8))),
                    o.group(1));
            resolved++;
        }
        assertTrue(resolved >= 6, old);
    }

    /** Renders the page in headless Chromium: the screenshot to {@code png}; returns the DOM after scripts ran. */
    private static String chromium(Path page, Path png) throws Exception {
        List<String> common = List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--user-data-dir=" + png.resolveSibling("chromium-profile"),
                "--window-size=1280,900");
        List<String> shot = new ArrayList<>(common);
        shot.add("--screenshot=" + png);
        shot.add(page.toUri().toString());
        runTool(shot);
        assertTrue(Files.size(png) > 10_000, "screenshot written");
        List<String> dump = new ArrayList<>(common);
        dump.add("--dump-dom");
        dump.add(page.toUri().toString());
        return runTool(dump);
    }

    private static String runTool(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
        assertEquals(0, p.exitValue(), String.join(" ", command));
        return stdout;
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
