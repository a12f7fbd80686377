package org.kmodfarm.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kmodfarm.core.farm.FarmTree;

/**
 * Writes a run's report in every format into its folder, {@code .kmodfarm/runs/RUN-ID/}, next to its summary and
 * metrics: {@code report.html}, {@code report.json}, {@code report.junit.xml}, {@code report.md}. Each file is
 * replaced atomically.
 */
public final class ReportFiles {
    /** File name → format name, in the order they are written and listed. */
    public static final Map<String, String> NAMES = names();

    private final FarmTree tree;

    public ReportFiles(FarmTree tree) {
        this.tree = tree;
    }

    /** The renderer of format {@code format} for a file written into {@code dir}; null for an unknown format. */
    public static ReportRenderer renderer(String format, FarmTree tree, Path dir, String runId) {
        return switch (format) {
            case "html" -> new HtmlReport(new ReportLinks(tree, dir, runId));
            case "json" -> new JsonReport();
            case "junit" -> new JUnitReport();
            case "md" -> new MarkdownReport();
            default -> null;
        };
    }

    /** Writes every format of {@code report}; returns the HTML file. */
    public Path writeAll(RunReport report) throws IOException {
        String runId = report.summary().runId();
        Path dir = tree.meta().resolve("runs").resolve(runId);
        for (var name : NAMES.entrySet()) {
            String text = renderer(name.getValue(), tree, dir, runId).render(report);
            tree.writeRunFile(runId, name.getKey(), text.getBytes(StandardCharsets.UTF_8));
        }
        return dir.resolve("report.html");
    }

    private static Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("report.html", "html");
        names.put("report.json", "json");
        names.put("report.junit.xml", "junit");
        names.put("report.md", "md");
        return Collections.unmodifiableMap(names);
    }
}
