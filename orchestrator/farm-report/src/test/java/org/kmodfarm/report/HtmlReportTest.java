package org.kmodfarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path root;

    private String render(Path reportDir) throws Exception {
        FixtureTree t = FixtureTree.standard(root);
        RunReport report = new ReportLoader(t.tree).load(FixtureTree.RUN2);
        return new HtmlReport(new ReportLinks(t.tree, reportDir, FixtureTree.RUN2)).render(report);
    }

    private static List<String> hrefs(String html) {
        List<String> all = new ArrayList<>();
        Matcher m = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            all.add(m.group(1));
        }
        return all;
    }

    @Test
    void everyCellLinkResolvesToAFileOfTheTree() throws Exception {
        Path runDir = root.resolve(".kmodfarm/runs").resolve(FixtureTree.RUN2);
        String html = render(runDir);
        List<String> cellLinks = hrefs(html).stream().filter(h -> h.contains("objects/")).toList();
        // 3 BUILT cells: build log, record, module; 2 FAILED: make.log, build log, record; 1 ERROR: build log,
        // record; then the last good builds of two families (bookworm, trixie): record, module
        assertEquals(3 * 3 + 2 * 3 + 2 + 2 * 2, cellLinks.size(), cellLinks.toString());
        assertTrue(html.contains("<strong>hello/1.0</strong> for debian/bookworm/amd64 x86_64: <code>6.1.0-50-amd64"),
                "run 2 built -50: the newest of bookworm's kernels hello built on");
        for (String href : cellLinks) {
            Path target = runDir.resolve(URLDecoder.decode(href, StandardCharsets.UTF_8)).normalize();
            assertTrue(Files.isRegularFile(target), href);
        }
        assertTrue(hrefs(html).contains("metrics.prom"), "the run's metrics sit next to the report");
    }

    @Test
    void linksAreRelativeToWhereTheReportIsWritten() throws Exception {
        Path elsewhere = root.resolve("out/reports");
        for (String href : hrefs(render(elsewhere))) {
            assertTrue(href.startsWith("../../.kmodfarm/"), href);
        }
    }

    @Test
    void selfContainedGroupedAndMarkedInWordsNotColourAlone() throws Exception {
        String html = render(root);
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing is fetched");
        assertTrue(html.contains("<style>") && html.contains("<script>"), "style and script inline");
        assertTrue(html.contains("data-distro=\"debian\">debian</th>"), "distro header");
        assertTrue(html.contains(">bookworm · amd64</th>") && html.contains(">trixie · amd64</th>"), "families");
        assertTrue(html.contains("✗ FAILED</span><span class=\"cmp REGRESSION\""), "outcome and class in words");
        assertTrue(html.contains("hello.c:12: &#39;x&#39; undeclared"), "first error inline, escaped");
        assertTrue(html.contains("\uFFFD &lt;&amp;&gt;"), "log tail escaped, control characters replaced");
        assertFalse(html.contains("\u001B"), "terminal escapes dropped");
        assertTrue(html.contains("id=\"f-failed\"") && html.contains("id=\"f-regressions\"")
                && html.contains("<option>debian</option>"), "filters");
        assertTrue(html.contains("<meta name=\"viewport\""), "narrow screens scale");
    }
}
