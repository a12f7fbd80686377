package org.kmodfarm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.io.AtomicFiles;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.report.JUnitReport;
import org.kmodfarm.report.JsonReport;
import org.kmodfarm.report.MarkdownReport;
import org.kmodfarm.report.ReportLoader;
import org.kmodfarm.report.ReportRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmodfarm report}: one run of the tree as JSON, JUnit XML or Markdown, compared with earlier runs. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes the report of a build run: every cell with its outcome, first error and comparison "
                + "class against earlier runs (GOOD, FAILING, REGRESSION, FIXED, NEW).",
                "Formats: json (schema 1), junit (JUnit XML for CI servers), md (a summary for pull requests)."})
final class ReportCommand implements Callable<Integer> {
    private static final Map<String, ReportRenderer> FORMATS = Map.of("json", new JsonReport(), "junit",
            new JUnitReport(), "md", new MarkdownReport());
    private final Context context;

    @Parameters(arity = "0..1", paramLabel = "RUN-ID", description = "A run of TREE/.kmodfarm/runs/ (default: the "
            + "latest).")
    String runId;

    @Option(names = "--latest", description = "The latest run (the default).")
    boolean latest;

    @Option(names = "--format", paramLabel = "FORMAT", required = true, description = "json, junit or md.")
    String format;

    @Option(names = "--out", paramLabel = "PATH", description = "Write the report there (default: standard output).")
    Path out;

    ReportCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        ReportRenderer renderer = FORMATS.get(format);
        Path runs = context.tree().resolve(".kmodfarm/runs");
        if (renderer == null) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(runs), "unknown report format '"
                    + format + "'", "use one of: " + String.join(", ", List.of("json", "junit", "md"))));
        }
        ReportLoader loader = new ReportLoader(new FarmTree(context.tree()));
        String id = runId != null && !latest ? runId : loader.latest().orElseThrow(() -> new BadInputException(
                new Problem(SourceLocation.wholeFile(runs), "no build run in this tree yet",
                        "run kmodfarm build (or demo) first, or give --tree")));
        if (!loader.runIds().contains(id)) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(runs), "no run " + id,
                    "pick one of: " + String.join(", ", loader.runIds())));
        }
        String text = renderer.render(loader.load(id));
        if (out == null) {
            context.out().print(text);
            context.out().flush();
        } else {
            AtomicFiles.write(context.resolvePath(out), text.getBytes(StandardCharsets.UTF_8));
            context.out().println("report of run " + id + " (" + format + "): " + context.resolvePath(out));
        }
        return ExitCodes.OK;
    }
}
