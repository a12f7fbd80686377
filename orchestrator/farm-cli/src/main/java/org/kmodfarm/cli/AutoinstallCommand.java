package org.kmodfarm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kmodfarm.core.farm.DeclaredDirectives;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.source.ModuleSource;
import org.kmodfarm.core.source.ModuleSources;
import org.kmodfarm.core.watch.WatchPlan;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kmodfarm autoinstall}: DKMS's autoinstall in the farm. Unlike the host's {@code dkms autoinstall -k K}
 * (the {@code dkms} entry point, {@code bin/dkms}), it installs nothing on this machine: it builds the tree's
 * modules for matrix kernels in the sandbox, as {@code build} does.
 */
@Command(name = "autoinstall", mixinStandardHelpOptions = true,
        description = {"Builds every module version registered in the results tree (TREE/NAME/VERSION, as build "
                + "leaves them) whose dkms.conf says AUTOINSTALL=yes, for the selected kernels, each cell in the "
                + "sandbox as build does. BUILD_DEPENDS come first on the same kernel (the latest version of each "
                + "in the tree, built even when it is not AUTOINSTALL itself); a module waits only for its own "
                + "dependencies, so independent modules build side by side. A dependency's Module.symvers is "
                + "handed to its dependents' make (KBUILD_EXTRA_SYMBOLS) and is part of their cache key. A module "
                + "whose dependency did not build, is not in the tree or is in a cycle is SKIPPED with DKMS's "
                + "reason.",
                "AUTOINSTALL and BUILD_DEPENDS are read from dkms.conf's literal lines, without running it on this "
                        + "machine; the cell's DKMS (in the sandbox) checks them again.",
                "This is the farm's verb: it installs nothing here. On a host, the dkms entry point's "
                        + "'dkms autoinstall -k KERNEL' (bin/dkms) builds and installs as DKMS does.",
                "Records, reports and exit codes are build's: 0 every cell BUILT or SKIPPED, 1 a cell FAILED or "
                        + "timed out, 2 bad input, 3 an infrastructure ERROR left, 4 a --fail-on condition met."})
final class AutoinstallCommand implements Callable<Integer> {
    private final Context context;

    @Mixin
    KernelSelection kernels;

    @Mixin
    CellRunOptions run;

    AutoinstallCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        run.apply(context);
        FarmTree tree = new FarmTree(context.tree());
        AutoinstallGraph graph = new AutoinstallGraph(registered(tree), tree);
        if (graph.isEmpty()) {
            context.out().println("no AUTOINSTALL module in " + tree.root() + " (build a module with "
                    + "AUTOINSTALL=\"yes\" in its dkms.conf once to register it)");
            context.out().flush();
            return ExitCodes.OK;
        }
        context.out().println("autoinstall: " + String.join(" ", graph.modules()));
        var targets = kernels.targets(context);
        return new FarmBuilder(context).run(graph, targets, run.request(context,
                context.matrixFile(kernels.matrix).toString(), null)).exitCode();
    }

    /** The tree's module versions with their AUTOINSTALL and BUILD_DEPENDS; a computed BUILD_DEPENDS is bad input. */
    private List<AutoinstallGraph.Registered> registered(FarmTree tree) throws IOException {
        List<AutoinstallGraph.Registered> all = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (String mv : WatchPlan.modules(tree, List.of())) {
            ModuleSource source = ModuleSources.load(tree.root().resolve(mv).resolve("source").toString(),
                    tree.meta().resolve("cache/extracted")).get(0);
            Path dir = source.directory();
            boolean autoinstall = DeclaredDirectives.read(dir, "AUTOINSTALL")
                    .map(v -> v.toLowerCase(Locale.ROOT).equals("yes")).orElse(false);
            var depends = DeclaredDirectives.words(dir, "BUILD_DEPENDS");
            if (depends.isEmpty()) {
                problems.add(new Problem(SourceLocation.wholeFile(dir.resolve("dkms.conf")), "BUILD_DEPENDS of "
                        + mv + " is computed by shell code, which the farm does not run outside the sandbox",
                        "write it as literal names: BUILD_DEPENDS[0]=\"NAME\" or BUILD_DEPENDS=(\"A\" \"B\")"));
                continue;
            }
            String[] nv = mv.split("/", 2);
            all.add(new AutoinstallGraph.Registered(nv[0], nv[1], source, autoinstall, depends.get()));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return all;
    }
}
