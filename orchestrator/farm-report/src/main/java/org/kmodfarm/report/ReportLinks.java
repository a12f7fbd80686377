package org.kmodfarm.report;

import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.kmodfarm.core.farm.FarmTree;

/**
 * Where a report's links point, relative to the folder the report is written to. Everything a cell links to is
 * content-addressed under {@code objects/}, so the links of an old run's report keep resolving after later runs
 * replace the cells' folders.
 */
public final class ReportLinks {
    private final FarmTree tree;
    private final Path reportDir;
    private final String runId;

    /**
     * @param reportDir the folder the report file is written to
     * @param runId     the reported run, whose folder holds {@code metrics.prom} and the other formats
     */
    public ReportLinks(FarmTree tree, Path reportDir, String runId) {
        this.tree = tree;
        this.reportDir = reportDir.toAbsolutePath().normalize();
        this.runId = runId;
    }

    /** The link to the object of {@code sha256}. */
    String object(String sha256) {
        return href(tree.object(sha256));
    }

    /** The link to a file of the run's folder ({@code metrics.prom}, {@code report.json}…). */
    String runFile(String name) {
        return href(tree.meta().resolve("runs").resolve(runId).resolve(name));
    }

    private String href(Path target) {
        String relative = reportDir.relativize(target.toAbsolutePath().normalize()).toString()
                .replace(File.separatorChar, '/');
        StringBuilder out = new StringBuilder();
        for (String part : relative.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }
}
