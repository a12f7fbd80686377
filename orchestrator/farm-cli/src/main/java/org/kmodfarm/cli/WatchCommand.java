package org.kmodfarm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kmodfarm.core.config.Durations;
import org.kmodfarm.core.config.Setting;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.notify.Notice;
import org.kmodfarm.core.watch.KernelChanges;
import org.kmodfarm.core.watch.WatchPlan;
import org.kmodfarm.core.watch.WatchState;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.FarmException;
import org.kmodfarm.model.KernelTarget;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kmodfarm watch}: new kernels in, builds out, regressions reported; for cron, CI or as a service. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Refreshes the matrix's repository indexes, notes the kernels that appeared or left since "
                + "the last watch, builds every watched module version on each kernel where it has no settled "
                + "cell yet (BUILT, FAILED or SKIPPED), reports, and notifies (watch.webhook-url, watch.command) "
                + "of new kernels, gone kernels and regressions.",
                "Watched: every NAME/VERSION kept in the tree (build it once first), or those of --modules; "
                        + "with none, only the kernels are. "
                        + "The state of each matrix is kept in TREE/.kmodfarm/watch/, so a restart or the next "
                        + "cron job goes on from there.",
                "Exit: as build (0, 1, 2, 3, 4 with --fail-on); 0 when there was nothing to build."})
final class WatchCommand implements Callable<Integer> {
    private final Context context;

    @Option(names = "--matrix", paramLabel = "FILE", description = "Kernel matrix (default: kernel-matrix/debian.yaml).")
    Path matrix;

    @Option(names = "--modules", paramLabel = "NAME[/VERSION]", split = ",",
            description = "Module versions to watch, by name or NAME/VERSION (default: every one in the tree).")
    List<String> modules = new ArrayList<>();

    @Option(names = "--once", description = "Watch once and exit (the default).")
    boolean once;

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "Watch again every DURATION (e.g. 6h) until stopped.")
    String interval;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Cells built side by side (default: jobs "
            + "from the configuration).")
    Integer jobs;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Wall-clock limit of one cell (default: "
            + "timeout from the configuration).")
    String timeout;

    @Mixin
    FailOnOption failOn;

    @Mixin
    RuntimeOption runtime;

    WatchCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        context.option(Setting.JOBS, jobs, "--jobs");
        runtime.apply(context);
        context.option(Setting.TIMEOUT, timeout, "--timeout");
        Path matrixFile = context.matrixFile(matrix);
        if (once && interval != null) {
            throw usage("--once and --interval exclude each other", "give one of them");
        }
        Duration every = interval == null ? null : parse(interval);
        if (every == null) {
            return watchOnce(matrixFile);
        }
        while (true) {
            int code;
            try {
                code = watchOnce(matrixFile);
            } catch (FarmException e) {
                // a service keeps watching through an unreachable mirror or a matrix being edited
                code = ErrorReporter.report(e, context.err());
            }
            context.out().println("next watch in " + Durations.format(every) + " (exit code of this one: " + code
                    + ")");
            context.out().flush();
            Thread.sleep(every.toMillis());
        }
    }

    private int watchOnce(Path matrixFile) throws IOException, InterruptedException {
        PrintWriter out = context.out();
        FarmTree tree = new FarmTree(context.tree());
        List<KernelTarget> targets = context.resolve(matrixFile, true);
        WatchState state = WatchState.read(tree, matrixFile);
        KernelChanges changes = state.compare(targets);
        List<String> watched = watchedModules(tree);
        if (watched.isEmpty()) {
            out.println("no module version in " + tree.root() + " yet: only the kernels are watched (build a module "
                    + "once to have it rebuilt for new kernels)");
        }
        List<KernelTarget> toBuild = WatchPlan.kernelsToBuild(tree, watched, targets);
        out.println("watch " + matrixFile + ": " + targets.size() + " kernel(s), " + changes.appeared().size()
                + " new" + names(changes.appeared().stream().map(t -> t.kernel().value()).toList()) + ", "
                + changes.gone().size() + " gone" + names(changes.gone().stream().map(k -> k.kernel()).toList())
                + "; " + watched.size() + " module version(s); " + toBuild.size() + " kernel(s) to build");
        out.flush();
        FarmBuilder.Finished finished = toBuild.isEmpty() ? null
                : new FarmBuilder(context).run(FarmBuilder.sources(context, watched), toBuild,
                        new FarmBuilder.Request(context.config().jobs(), context.config().timeout(), false, false,
                                true, matrixFile.toString(), failOn, null));
        String now = Clock.systemUTC().instant().toString();
        String runId = finished == null ? null : finished.report().summary().runId();
        state.next(changes, now, runId).write(tree, matrixFile);
        Notice notice = WatchNotices.notice(matrixFile, now, changes, finished);
        if (notice.worthSending()) {
            new WatchNotices(context, tree).send(notice, finished == null ? null : finished.html().getParent());
        } else if (toBuild.isEmpty()) {
            out.println("nothing new");
        }
        out.flush();
        return finished == null ? ExitCodes.OK : finished.exitCode();
    }

    private List<String> watchedModules(FarmTree tree) throws IOException {
        List<String> all = WatchPlan.modules(tree, List.of());
        List<String> watched = WatchPlan.select(all, modules);
        List<Problem> problems = new ArrayList<>();
        for (String m : modules) {
            if (watched.stream().noneMatch(w -> w.equals(m) || w.startsWith(m + "/"))) {
                problems.add(new Problem(SourceLocation.wholeFile(tree.root()), "no module " + m + " in the tree",
                        all.isEmpty() ? "build it once first: kmodfarm build SOURCE"
                                : "pick from: " + String.join(", ", all)));
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return watched;
    }

    private static String names(List<String> kernels) {
        return kernels.isEmpty() ? "" : " (" + String.join(", ", kernels) + ")";
    }

    private Duration parse(String text) {
        try {
            Duration d = Durations.parse(text);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("the interval must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw usage("--interval " + text + ": " + e.getMessage(), "give a duration such as 30m, 6h or 1d");
        }
    }

    private BadInputException usage(String what, String fix) {
        return new BadInputException(new Problem(SourceLocation.wholeFile(Path.of("watch")), what, fix));
    }
}
