package org.kmodfarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.farm.CellId;
import org.kmodfarm.core.farm.CellLoad;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.Digests;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.model.LoadVerdict;
import org.kmodfarm.testkit.JUnitXmlSchema;

/** A load test run after the build shows in that build's report, in every format. */
class LoadColumnTest {
    @TempDir
    Path root;

    private static CellLoad load(LoadVerdict verdict, String reason, String console) {
        return new CellLoad(verdict, reason, 12288, "OE", verdict == LoadVerdict.LOADED ? Boolean.TRUE : null, "tcg",
                7300, Digests.sha256(details(verdict)), Digests.sha256(console.getBytes(StandardCharsets.UTF_8)),
                "load-run", "2026-01-04T00:00:00Z");
    }

    private static byte[] details(LoadVerdict verdict) {
        return ("{\"verdict\":\"" + verdict + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static void store(FarmTree tree, CellId id, CellLoad load, String console) throws Exception {
        CellResult build = FarmTree.readJson(tree.cellRecord(id).resolve("result.json"), CellResult.class);
        assertTrue(tree.storeLoad(build, load, details(load.verdict()), console.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void verdictsAppearInJsonJUnitMarkdownAndHtml() throws Exception {
        FarmTree tree = FixtureTree.standard(root).tree;
        String reason = "insmod hello: insmod: can't insert '/modules/hello.ko': Invalid argument (exit 22)";
        store(tree, new CellId("hello", "1.0", "6.12.6-amd64", "x86_64"), load(LoadVerdict.LOAD_FAILED, reason,
                "console A"), "console A");
        store(tree, new CellId("hello", "2.0", "6.1.0-48-amd64", "x86_64"), load(LoadVerdict.LOADED, "", "console B"),
                "console B");
        RunReport report = new ReportLoader(tree).load(FixtureTree.RUN2);

        JsonNode json = new ObjectMapper().readTree(new JsonReport().render(report));
        int loaded = 0;
        for (JsonNode c : json.get("cells")) {
            String cell = c.get("cell").asText();
            if (cell.equals("hello/1.0/6.12.6-amd64/x86_64")) {
                assertEquals("LOAD_FAILED", c.at("/load/verdict").asText());
                assertEquals("OE", c.at("/load/taintFlags").asText());
            } else if (cell.equals("hello/2.0/6.1.0-48-amd64/x86_64")) {
                assertEquals("LOADED", c.at("/load/verdict").asText());
                loaded++;
            } else {
                assertTrue(c.get("load").isNull(), "never load-tested: " + cell);
            }
        }
        assertEquals(1, loaded);

        String junit = new JUnitReport().render(report);
        JUnitXmlSchema.validate(junit);
        assertTrue(junit.contains("message=\"[LOAD_FAILED] " + reason.replace("'", "&apos;") + "\"")
                || junit.contains("message=\"[LOAD_FAILED] " + reason + "\""), junit);
        assertTrue(junit.contains("load LOADED (taint OE)"), junit);

        String md = new MarkdownReport().render(report);
        assertTrue(md.contains("| module | kernel | arch | outcome | comparison | detail | load |"), md);
        assertTrue(md.contains("| LOAD_FAILED: insmod hello: insmod: can't insert '/modules/hello.ko': Invalid "
                + "argument (exit 22) |"), md);

        String html = new HtmlReport(new ReportLinks(tree, root, FixtureTree.RUN2)).render(report);
        assertTrue(html.contains("class=\"load LOAD_FAILED\"") && html.contains("load: LOADED"), html);
        assertTrue(html.contains(">console.log</a>") && html.contains(">load.json</a>"), html);
    }

    @Test
    void aRebuiltCellKeepsNoOldVerdict() throws Exception {
        FarmTree tree = FixtureTree.standard(root).tree;
        CellId id = new CellId("hello", "1.0", "6.12.6-amd64", "x86_64");
        CellResult build = FarmTree.readJson(tree.cellRecord(id).resolve("result.json"), CellResult.class);
        CellResult other = build.withLoad(null);
        CellResult rebuilt = new CellResult(other.schema(), id, other.target(), other.outcome(), other.reason(),
                other.attempts(), other.timings(), other.image(), "another-key", other.sourceHash(), other.stage(),
                other.dkmsStatus(), other.compression(), other.modules(), other.firstError(), other.makeLog(),
                other.buildLog(), other.logCapped(), other.reproducer(), other.runId(), other.startedAt(),
                other.finishedAt(), other.signer(), other.compilerCache(), null);
        assertTrue(!tree.storeLoad(rebuilt, load(LoadVerdict.LOADED, "", "c"), details(LoadVerdict.LOADED),
                "c".getBytes(StandardCharsets.UTF_8)), "a verdict for another build is not recorded");
    }
}
