package org.kmodfarm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.io.AtomicFiles;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.report.ReportFiles;
import org.kmodfarm.report.ReportLoader;
import org.kmodfarm.report.ReportRenderer;
import org.kmodfarm.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmodfarm report}: one run of the tree as HTML, JSON, JUnit XML or Markdown, compared with other runs. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes the report of a build run: every cell with its outcome, first error and comparison "
                + "class (GOOD, FAILING, REGRESSION, FIXED, NEW) against the runs before it, or against one run "
                + "(--against).",
                "Formats: html (one self-contained page: the grid of module versions by kernel, with filters), "
                        + "json (schema 1, README), junit (JUnit XML for CI servers), md (a summary for pull "
                        + "requests). Every build already writes all four into TREE/.kmodfarm/runs/RUN-ID/.",
                "Exit: 0, or 4 when a --fail-on condition is met; 2 for an unknown run or format."})
final class ReportCommand implements Callable<Integer> {
    private static final List<String> FORMATS = List.of("html", "json", "junit", "md");
    private final Context context;

    @Parameters(arity = "0..1", paramLabel = "RUN-ID", description = "A run of TREE/.kmodfarm/runs/ (default: the "
            + "latest).")
    String runId;

    @Option(names = "--latest", description = "The latest run (the default).")
    boolean latest;

    @Option(names = "--format", paramLabel = "FORMAT", required = true, description = "html, json, junit or md.")
    String format;

    @Option(names = "--out", paramLabel = "PATH", description = "Write the report there (default: standard output; "
            + "an HTML report's links are relative to where it is written).")
    Path out;

    @Option(names = "--against", paramLabel = "RUN-ID", description = "Compare every cell with this run alone "
            + "(default: each cell with the newest earlier run that built or failed it).")
    String against;

    @Mixin
    FailOnOption failOn;

    ReportCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        FarmTree tree = new FarmTree(context.tree());
        Path runs = tree.meta().resolve("runs");
        if (!FORMATS.contains(format)) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(runs), "unknown report format '"
                    + format + "'", "use one of: " + String.join(", ", FORMATS)));
        }
        ReportLoader loader = new ReportLoader(tree);
        List<String> known = loader.runIds();
        String id = runId != null && !latest ? runId : loader.latest().orElseThrow(() -> new BadInputException(
                new Problem(SourceLocation.wholeFile(runs), "no build run in this tree yet",
                        "run kmodfarm build (or demo) first, or give --tree")));
        for (String asked : against == null ? List.of(id) : List.of(id, against)) {
            if (!known.contains(asked)) {
                throw new BadInputException(new Problem(SourceLocation.wholeFile(runs), "no run " + asked,
                        "pick one of: " + String.join(", ", known)));
            }
        }
        RunReport report = loader.load(id, Optional.ofNullable(against));
        Path target = out == null ? null : context.resolvePath(out);
        Path linksFrom = target == null ? context.resolvePath(Path.of(".")) : target.toAbsolutePath().getParent();
        ReportRenderer renderer = ReportFiles.renderer(format, tree, linksFrom, id);
        String text = renderer.render(report);
        if (target == null) {
            context.out().print(text);
        } else {
            AtomicFiles.write(target, text.getBytes(StandardCharsets.UTF_8));
            context.out().println("report of run " + id + " (" + format + "): " + target);
        }
        context.out().flush();
        boolean met = !failOn.met(report).isEmpty();
        if (met) {
            context.err().println("--fail-on: condition met in run " + id);
            context.err().flush();
        }
        return met ? ExitCodes.FAIL_ON : ExitCodes.OK;
    }
}
