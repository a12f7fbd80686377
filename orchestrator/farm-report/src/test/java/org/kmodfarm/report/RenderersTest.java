package org.kmodfarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.testkit.JUnitXmlSchema;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class RenderersTest {
    @TempDir
    Path root;

    private RunReport report;

    @BeforeEach
    void load() throws Exception {
        report = new ReportLoader(FixtureTree.standard(root).tree).load(FixtureTree.RUN2);
    }

    @Test
    void jsonHasTheRunHeaderAndEveryCellWithItsRecordAndClass() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new JsonReport().render(report));
        assertEquals(1, json.get("schema").asInt());
        assertEquals(FixtureTree.RUN2, json.at("/run/runId").asText());
        assertEquals(2, json.at("/run/outcomes/FAILED").asInt());
        assertEquals(0, json.at("/run/outcomes/TIMEOUT").asInt());
        assertEquals(2, json.at("/run/comparisons/REGRESSION").asInt());
        assertEquals(7, json.get("cells").size());
        JsonNode k47 = json.get("cells").get(0);
        assertEquals("hello/1.0/6.1.0-47-amd64/x86_64", k47.get("cell").asText());
        assertEquals("REGRESSION", k47.get("comparison").asText());
        assertEquals(FixtureTree.RUN1, k47.at("/baseline/runId").asText());
        assertEquals("RUN_RECORD", k47.get("record").asText());
        assertEquals(64, k47.get("recordObject").asText().length());
        assertEquals("metrics.prom", json.at("/run/metrics").asText());
        assertTrue(json.at("/run/against").isNull());
        assertEquals("hello.c", k47.at("/result/firstError/file").asText());
        assertEquals("debian", k47.at("/result/target/distro").asText());
        JsonNode notRun = json.get("cells").get(6);
        assertTrue(notRun.get("outcome").isNull());
        assertTrue(notRun.get("comparison").isNull());
        assertTrue(notRun.get("result").isNull());
    }

    @Test
    void everyFormatIsDeterministic() throws Exception {
        RunReport again = new ReportLoader(new FixtureTree(root).tree).load(FixtureTree.RUN2);
        ReportLinks links = new ReportLinks(new FixtureTree(root).tree, root, FixtureTree.RUN2);
        for (ReportRenderer r : List.of(new JsonReport(), new JUnitReport(), new MarkdownReport(),
                new HtmlReport(links))) {
            String text = r.render(report);
            assertEquals(text, r.render(again), r.getClass().getSimpleName());
            assertTrue(text.endsWith("\n") && !text.contains("\r"), r.getClass().getSimpleName());
        }
    }

    @Test
    void junitHasOneSuitePerModuleVersionAndMapsOutcomes() throws Exception {
        assertFalse(new JUnitReport().render(report).contains("\u001B"), "terminal escapes are dropped");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(new JUnitReport().render(report))));
        NodeList suites = doc.getElementsByTagName("testsuite");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < suites.getLength(); i++) {
            names.add(((Element) suites.item(i)).getAttribute("name"));
        }
        assertEquals(List.of("hello-src", "hello/1.0", "hello/2.0"), names);
        Element v1 = (Element) suites.item(1);
        assertEquals("5", v1.getAttribute("tests"));
        assertEquals("2", v1.getAttribute("failures"));
        assertEquals("1", v1.getAttribute("errors"));
        Element failure = (Element) v1.getElementsByTagName("failure").item(0);
        assertEquals("[REGRESSION] hello.c:12: 'x' undeclared", failure.getAttribute("message"));
        assertEquals("FAILED", failure.getAttribute("type"));
        assertTrue(failure.getTextContent().contains("line 60\n"), failure.getTextContent());
        assertTrue(failure.getTextContent().contains("\uFFFD <&>"), "BEL replaced, markup escaped");
        Element error = (Element) v1.getElementsByTagName("error").item(0);
        assertEquals("engine unreachable", error.getAttribute("message"));
        Element skipped = (Element) ((Element) suites.item(0)).getElementsByTagName("skipped").item(0);
        assertEquals("not run: an earlier cell failed", skipped.getAttribute("message"));
        assertEquals("6.1.0-47-amd64 (x86_64)",
                ((Element) v1.getElementsByTagName("testcase").item(0)).getAttribute("name"));
    }

    @Test
    void junitValidatesAgainstTheSchemaCiServersRead() throws Exception {
        JUnitXmlSchema.validate(new JUnitReport().render(report));
        // and the schema does reject what CI servers would not read
        for (String bad : List.of("<testsuites><testsuite tests=\"1\"/></testsuites>",
                "<testsuites><testsuite name=\"s\" tests=\"1\"><testcase name=\"c\"><failure/><error/>"
                        + "</testcase></testsuite></testsuites>")) {
            assertThrows(org.xml.sax.SAXException.class, () -> JUnitXmlSchema.validate(bad), bad);
        }
    }

    @Test
    void failOnConditions() {
        assertTrue(FailOn.REGRESSION.met(report));
        assertTrue(FailOn.FAILING.met(report));
        assertTrue(FailOn.ERROR.met(report));
        RunReport clean = new RunReport(report.summary(), report.cells().stream()
                .filter(c -> c.comparison() == Comparison.FIXED).toList(), null, List.of());
        for (FailOn f : FailOn.values()) {
            assertFalse(f.met(clean), f.name());
        }
        assertEquals(FailOn.REGRESSION, FailOn.parse("Regression"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FailOn.parse("flaky"));
        assertTrue(e.getMessage().contains("regression, failing, error"), e.getMessage());
    }

    @Test
    void markdownListsRegressionsFirstAndEscapesTableCells() {
        String md = new MarkdownReport().render(report);
        assertTrue(md.contains("**7 cells:** 3 BUILT · 2 FAILED · 0 SKIPPED · 1 ERROR · 0 TIMEOUT · 1 not run"),
                md);
        assertTrue(md.contains("2 REGRESSION · 1 FIXED · 0 FAILING · 0 GOOD · 2 NEW"), md);
        int regressions = md.indexOf("#### Regressions");
        int table = md.indexOf("| module |");
        assertTrue(regressions > 0 && table > regressions, md);
        List<String> rows = md.lines().filter(l -> l.startsWith("| hello")).toList();
        assertEquals(7, rows.size());
        assertTrue(rows.get(0).contains("REGRESSION") && rows.get(1).contains("REGRESSION"), md);
        assertTrue(md.contains("| ERROR | — | engine unreachable |"), md);
        assertTrue(md.contains("- **hello/1.0** on 6.1.0-48-amd64 (x86\\_64): hello.c:12: 'x' undeclared — built in"
                + " run " + FixtureTree.RUN1 + " on 6.1.0-47-amd64"), md);
        assertEquals("a \\| b \\`c\\` \\<d\\>", MarkdownReport.text("a | b `c`\n<d>"));
    }
}
