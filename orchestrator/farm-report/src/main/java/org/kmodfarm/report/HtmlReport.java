package org.kmodfarm.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.kmodfarm.core.farm.LastGood;
import org.kmodfarm.core.farm.ModuleInfo;
import org.kmodfarm.core.farm.RunSummary;
import org.kmodfarm.model.CellOutcome;

/**
 * The report as one self-contained HTML file (style and script inline, nothing fetched): the run's header, a
 * grid of module versions × kernels grouped by distro, release and flavour, each cell marked by outcome and
 * comparison class in words and symbols as well as colour, with its first error and links to its log, record
 * and modules; then the list of cells that did not build, with their logs' tails. Filters (failed only,
 * regressions only, one distro) are a few lines of inline script.
 */
public final class HtmlReport implements ReportRenderer {
    private static final String CSS = resource("report.css");
    private static final String SCRIPT = resource("report.js");
    private static final Map<CellOutcome, String> SYMBOL = Map.of(CellOutcome.BUILT, "✓", CellOutcome.FAILED, "✗",
            CellOutcome.SKIPPED, "–", CellOutcome.ERROR, "!", CellOutcome.TIMEOUT, "◷");
    private static final Map<Comparison, String> MARK = Map.of(Comparison.GOOD, "=", Comparison.FAILING, "=",
            Comparison.REGRESSION, "▼", Comparison.FIXED, "▲", Comparison.NEW, "★");

    private final ReportLinks links;

    /** @param links where the report's links point, relative to the folder it is written to */
    public HtmlReport(ReportLinks links) {
        this.links = links;
    }

    @Override
    public String render(RunReport report) {
        HtmlGrid grid = new HtmlGrid(report);
        StringBuilder h = new StringBuilder(16_384);
        String id = Html.text(report.summary().runId());
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>kmodfarm run ").append(id).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<header>\n<h1>kmodfarm run <code>").append(id)
                .append("</code></h1>\n");
        header(h, report);
        h.append("</header>\n<main>\n");
        filters(h, grid);
        table(h, grid);
        problems(h, report);
        lastGood(h, report);
        h.append("</main>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private void header(StringBuilder h, RunReport report) {
        RunSummary s = report.summary();
        long compileMs = report.cells().stream().mapToLong(c -> c.row().compileMs()).sum();
        h.append("<ul class=\"summary\">\n<li><strong>").append(report.cells().size()).append(" cells</strong></li>\n");
        for (CellOutcome o : CellOutcome.values()) {
            h.append("<li>").append(SYMBOL.get(o)).append(' ').append(s.count(o)).append(' ').append(o.name())
                    .append("</li>\n");
        }
        h.append("<li>").append(s.notRun()).append(" not run</li>\n</ul>\n<ul class=\"summary\">\n");
        for (Comparison c : Comparison.values()) {
            h.append("<li>").append(MARK.get(c)).append(' ').append(report.count(c)).append(' ').append(c.name())
                    .append("</li>\n");
        }
        h.append("</ul>\n<ul class=\"summary\">\n<li>started ").append(Html.text(s.startedAt())).append("</li>\n")
                .append("<li>took ").append(seconds(s.durationMs())).append("</li>\n")
                .append("<li>containers ran ").append(seconds(compileMs)).append("</li>\n")
                .append("<li>").append(s.cacheHits()).append(" cache hits</li>\n")
                .append("<li>").append(s.retries()).append(" retries</li>\n")
                .append("<li>compared with ").append(report.against() == null ? "the runs before"
                        : "run <code>" + Html.text(report.against()) + "</code>").append("</li>\n")
                .append("<li><a href=\"").append(links.runFile("metrics.prom")).append("\">metrics</a> · <a href=\"")
                .append(links.runFile("report.json")).append("\">JSON</a> · <a href=\"")
                .append(links.runFile("report.junit.xml")).append("\">JUnit XML</a> · <a href=\"")
                .append(links.runFile("report.md")).append("\">Markdown</a></li>\n</ul>\n");
    }

    private static void filters(StringBuilder h, HtmlGrid grid) {
        Set<String> distros = new TreeSet<>();
        grid.columns.forEach(c -> distros.add(c.distro()));
        h.append("<form class=\"filters\" aria-label=\"filters\" onsubmit=\"return false\">\n")
                .append("<label><input type=\"checkbox\" id=\"f-failed\"> failed only</label>\n")
                .append("<label><input type=\"checkbox\" id=\"f-regressions\"> regressions only</label>\n")
                .append("<label>distro <select id=\"f-distro\"><option value=\"\">all</option>");
        distros.forEach(d -> h.append("<option>").append(Html.text(d)).append("</option>"));
        h.append("</select></label>\n</form>\n");
    }

    private void table(StringBuilder h, HtmlGrid grid) {
        h.append("<div class=\"wrap\">\n<table class=\"grid\">\n<caption hidden>module versions by kernel</caption>\n")
                .append("<thead>\n<tr><th rowspan=\"3\" scope=\"col\">module</th>");
        for (var span : grid.spans(HtmlGrid.Column::distro)) {
            h.append("<th scope=\"colgroup\" colspan=\"").append(span.getValue()).append("\" data-distro=\"")
                    .append(Html.text(span.getKey())).append("\">").append(Html.text(span.getKey())).append("</th>");
        }
        h.append("</tr>\n<tr>");
        for (var span : grid.spans(c -> c.distro() + "\u0000" + c.family())) {
            String[] parts = span.getKey().split("\u0000", 2);
            h.append("<th scope=\"colgroup\" colspan=\"").append(span.getValue()).append("\" data-distro=\"")
                    .append(Html.text(parts[0])).append("\">").append(Html.text(parts[1])).append("</th>");
        }
        h.append("</tr>\n<tr>");
        for (HtmlGrid.Column c : grid.columns) {
            h.append("<th scope=\"col\" data-distro=\"").append(Html.text(c.distro())).append("\">")
                    .append(Html.text(c.kernel())).append(c.arch().isEmpty() ? "" : " <small>"
                            + Html.text(c.arch()) + "</small>").append("</th>");
        }
        h.append("</tr>\n</thead>\n<tbody>\n");
        for (var row : grid.rows.entrySet()) {
            h.append("<tr><th scope=\"row\">").append(Html.text(row.getKey())).append("</th>");
            for (HtmlGrid.Column c : grid.columns) {
                ReportCell cell = row.getValue().get(c.key());
                if (cell == null) {
                    h.append("<td data-distro=\"").append(Html.text(c.distro())).append("\">—</td>");
                } else {
                    cell(h, cell, c.distro());
                }
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n</div>\n");
    }

    private void cell(StringBuilder h, ReportCell c, String distro) {
        CellOutcome o = c.row().outcome();
        String outcome = o == null ? "NOT_RUN" : o.name();
        String comparison = c.comparison() == null ? "" : c.comparison().name();
        h.append("<td class=\"").append(outcome).append(' ').append(comparison).append("\" data-distro=\"")
                .append(Html.text(distro)).append("\" data-outcome=\"").append(outcome)
                .append("\" data-comparison=\"").append(comparison).append("\" data-bad=\"").append(bad(c))
                .append("\">\n<span class=\"outcome\">").append(o == null ? "· not run" : SYMBOL.get(o) + " " + o.name())
                .append("</span>");
        if (c.comparison() != null) {
            h.append("<span class=\"cmp ").append(comparison).append("\" title=\"").append(Html.text(versus(c)))
                    .append("\">").append(MARK.get(c.comparison())).append(' ').append(comparison).append("</span>");
        }
        if (c.row().cached()) {
            h.append(" <small>cached</small>");
        }
        if (c.load() != null) {
            h.append("\n<span class=\"load ").append(c.load().verdict().name()).append("\" title=\"")
                    .append(Html.text(c.load().reason().isEmpty() ? "load test: " + c.load().verdict().name()
                            + (c.load().taintFlags().isEmpty() ? "" : ", taint " + c.load().taintFlags())
                            : c.load().reason())).append("\">load: ").append(c.load().verdict().name())
                    .append("</span>");
        }
        if (o != CellOutcome.BUILT && !c.detail().isEmpty()) {
            h.append("\n<span class=\"err\">").append(Html.text(abbreviate(c.detail()))).append("</span>");
        }
        cellLinks(h, c);
        h.append("</td>");
    }

    private void cellLinks(StringBuilder h, ReportCell c) {
        if (c.result() == null) {
            h.append("\n<span class=\"links\"><small>record ").append(c.source().name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ')).append("</small></span>");
            return;
        }
        h.append("\n<span class=\"links\">");
        String makeLog = c.result().makeLog();
        if (makeLog != null && !makeLog.isEmpty()) {
            link(h, makeLog, "make.log");
        }
        if (c.result().buildLog() != null && !c.result().buildLog().isEmpty()) {
            link(h, c.result().buildLog(), "build log");
        }
        if (c.record() != null) {
            link(h, c.record(), "result.json");
        }
        for (ModuleInfo m : c.result().modules()) {
            link(h, m.sha256(), m.file());
        }
        if (c.load() != null && !c.load().consoleLog().isEmpty()) {
            link(h, c.load().consoleLog(), "console.log");
            link(h, c.load().details(), "load.json");
        }
        h.append("</span>");
    }

    private void link(StringBuilder h, String digest, String label) {
        h.append("<a href=\"").append(links.object(digest)).append("\">").append(Html.text(label)).append("</a>");
    }

    private void problems(StringBuilder h, RunReport report) {
        List<ReportCell> problems = report.cells().stream().filter(HtmlReport::bad).toList();
        h.append("<h2>Cells that did not build (").append(problems.size()).append(")</h2>\n");
        if (problems.isEmpty()) {
            h.append("<p>None.</p>\n");
            return;
        }
        h.append("<ul class=\"problems\">\n");
        for (ReportCell c : problems) {
            String distro = c.result() == null || c.result().target() == null || c.result().target().distro() == null
                    ? "unknown" : c.result().target().distro();
            h.append("<li data-distro=\"").append(Html.text(distro)).append("\" data-comparison=\"")
                    .append(c.comparison() == null ? "" : c.comparison().name()).append("\"><strong>")
                    .append(Html.text(c.moduleVersion())).append("</strong> on <code>")
                    .append(Html.text(c.kernel().isEmpty() ? c.row().cell() : c.kernel() + " " + c.arch()))
                    .append("</code>: ").append(c.row().outcome() == null ? "not run" : c.row().outcome().name());
            if (c.comparison() != null) {
                h.append(", ").append(c.comparison().name()).append(" (").append(Html.text(versus(c))).append(')');
            }
            h.append("<span class=\"err\">").append(Html.text(c.detail())).append("</span>");
            if (!c.logTail().isEmpty()) {
                h.append("<details><summary>last ").append(c.logTail().size()).append(" lines of the log</summary><pre>");
                c.logTail().forEach(l -> h.append(Html.text(l)).append('\n'));
                h.append("</pre></details>");
            }
            if (c.result() != null && c.result().reproducer() != null && !c.result().reproducer().isEmpty()) {
                h.append("<small>again: <code>").append(Html.text(c.result().reproducer())).append("</code></small>");
            }
            h.append("</li>\n");
        }
        h.append("</ul>\n");
    }

    private void lastGood(StringBuilder h, RunReport report) {
        h.append("<h2>Last good builds</h2>\n<p>The newest kernel of each family on which each module built, as of "
                + "this run: what hosts can stay on while a newer kernel fails.</p>\n");
        if (report.lastGood().isEmpty()) {
            h.append("<p>None yet.</p>\n");
            return;
        }
        h.append("<ul class=\"lastgood\">\n");
        for (LastGood g : report.lastGood()) {
            h.append("<li data-distro=\"").append(Html.text(g.distro())).append("\"><strong>")
                    .append(Html.text(g.module() + "/" + g.version())).append("</strong> for ")
                    .append(Html.text(g.distro() + "/" + g.release() + "/" + g.flavour() + " " + g.arch()))
                    .append(": <code>").append(Html.text(g.kernel())).append("</code>, run <code>")
                    .append(Html.text(g.runId())).append("</code> <span class=\"links\">");
            link(h, g.record(), "result.json");
            for (ModuleInfo m : g.modules()) {
                link(h, m.sha256(), m.file());
            }
            h.append("</span></li>\n");
        }
        h.append("</ul>\n");
    }

    /** FAILED, ERROR, TIMEOUT or never ran: what the "failed only" filter keeps. */
    private static boolean bad(ReportCell c) {
        CellOutcome o = c.row().outcome();
        return o == null || o == CellOutcome.FAILED || o == CellOutcome.ERROR || o == CellOutcome.TIMEOUT;
    }

    private static String versus(ReportCell c) {
        return c.baseline() == null ? "no earlier result for this kernel or its family"
                : "was " + c.baseline().outcome().name() + " in run " + c.baseline().runId() + " on "
                        + c.baseline().kernel();
    }

    private static String abbreviate(String s) {
        return s.length() <= 240 ? s : s.substring(0, 239) + "…";
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " of the HTML report");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
