package org.kmodfarm.report;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.kmodfarm.core.farm.LastGood;
import org.kmodfarm.core.farm.RunSummary;
import org.kmodfarm.model.CellOutcome;

/**
 * A short Markdown summary for pull-request comments and release notes: counts, the regressions, then one table
 * row per cell (regressions first, then the report's order).
 */
public final class MarkdownReport implements ReportRenderer {
    @Override
    public String render(RunReport report) {
        RunSummary s = report.summary();
        StringBuilder md = new StringBuilder();
        md.append("### kmodfarm run `").append(code(s.runId())).append("`\n\n");
        md.append("**").append(report.cells().size()).append(" cells:** ");
        for (CellOutcome o : CellOutcome.values()) {
            md.append(s.count(o)).append(' ').append(o.name()).append(" · ");
        }
        md.append(s.notRun()).append(" not run  \n**Compared with earlier runs:** ");
        Comparison[] classes = {Comparison.REGRESSION, Comparison.FIXED, Comparison.FAILING, Comparison.GOOD,
            Comparison.NEW};
        for (int i = 0; i < classes.length; i++) {
            md.append(i == 0 ? "" : " · ").append(report.count(classes[i])).append(' ').append(classes[i].name());
        }
        md.append(report.against() == null ? " (each cell against the runs before)"
                : " (against run `" + code(report.against()) + "`)");
        md.append("  \n**Run:** ").append(seconds(s.durationMs())).append(", ").append(s.cacheHits())
                .append(" cache hits, ").append(s.retries())
                .append(" retries; metrics in `metrics.prom` of the run's folder\n\n");
        List<ReportCell> regressions = report.cells().stream()
                .filter(c -> c.comparison() == Comparison.REGRESSION).toList();
        if (!regressions.isEmpty()) {
            md.append("#### Regressions\n\n");
            for (ReportCell c : regressions) {
                md.append("- **").append(text(c.moduleVersion())).append("** on ").append(text(c.kernel()))
                        .append(" (").append(text(c.arch())).append("): ").append(text(c.detail()))
                        .append(" — built in run ").append(text(c.baseline().runId())).append(" on ")
                        .append(text(c.baseline().kernel())).append('\n');
            }
            md.append('\n');
        }
        if (!regressions.isEmpty() && !report.lastGood().isEmpty()) {
            md.append("#### Last good builds\n\n");
            for (LastGood g : report.lastGood()) {
                md.append("- **").append(text(g.module() + "/" + g.version())).append("** for ")
                        .append(text(g.distro() + "/" + g.release() + "/" + g.flavour() + " " + g.arch()))
                        .append(": ").append(text(g.kernel())).append(" (run ").append(text(g.runId())).append(")\n");
            }
            md.append('\n');
        }
        md.append("| module | kernel | arch | outcome | comparison | detail | load |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        List<ReportCell> rows = report.cells().stream()
                .sorted(Comparator.comparing((ReportCell c) -> c.comparison() != Comparison.REGRESSION))
                .toList();
        for (ReportCell c : rows) {
            CellOutcome o = c.row().outcome();
            md.append("| ").append(text(c.moduleVersion()))
                    .append(" | ").append(text(c.kernel()))
                    .append(" | ").append(text(c.arch()))
                    .append(" | ").append(o == null ? "not run" : o.name())
                    .append(" | ").append(c.comparison() == null ? "—" : c.comparison().name())
                    .append(" | ").append(o == CellOutcome.BUILT ? "" : text(c.detail()))
                    .append(" | ").append(c.load() == null ? "—" : c.load().verdict().name()
                            + (c.load().reason().isEmpty() ? "" : ": " + text(c.load().reason())))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** Plain text in Markdown: one line, the characters Markdown (and a table cell) would act on escaped. */
    static String text(String s) {
        String line = s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        StringBuilder out = new StringBuilder(line.length());
        for (char ch : line.toCharArray()) {
            if ("\\`*_[]<>|#~".indexOf(ch) >= 0) {
                out.append('\\');
            }
            out.append(ch);
        }
        return out.toString();
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String code(String s) {
        return s.replace("`", "'").replaceAll("[\\r\\n]", " ");
    }
}
