package org.kmodfarm.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.farm.LastGood;
import org.kmodfarm.report.CellHistory;
import org.kmodfarm.report.RunHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmodfarm history}: per module version and kernel, when it first and last built, regressed, was fixed. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Shows, for every cell of the tree's runs, its status now (its last outcome, or GONE when "
                + "its kernel left the repository), when it first and last built, and when it last regressed and "
                + "was fixed; then the last good build of each module per kernel family (distro, release, "
                + "flavour, arch): the newest kernel it built on, whose modules packages and installs can fall "
                + "back to."})
final class HistoryCommand implements Callable<Integer> {
    private final Context context;

    @Parameters(arity = "0..*", paramLabel = "MODULE", description = "NAME or NAME/VERSION (default: every module).")
    List<String> modules = new ArrayList<>();

    @Option(names = "--json", description = "As JSON: {\"cells\": […], \"lastGood\": […]}.")
    boolean json;

    HistoryCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        FarmTree tree = new FarmTree(context.tree());
        List<CellHistory> cells = RunHistory.of(tree, modules);
        List<LastGood> lastGood = LastGood.of(tree).stream()
                .filter(g -> modules.isEmpty() || modules.contains(g.module())
                        || modules.contains(g.module() + "/" + g.version())).toList();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("cells", cells);
            all.put("lastGood", lastGood);
            Json.print(context.out(), all);
            return ExitCodes.OK;
        }
        if (cells.isEmpty()) {
            context.out().println("no runs in " + tree.root() + (modules.isEmpty() ? "" : " for " + modules));
            context.out().flush();
            return ExitCodes.OK;
        }
        Table table = new Table("CELL", "NOW", "FIRST BUILT", "LAST BUILT", "REGRESSED", "FIXED");
        for (CellHistory c : cells) {
            table.row(c.cell(), c.status(), when(c.firstBuilt()), when(c.lastBuilt()), when(c.regressed()),
                    when(c.fixed()));
        }
        table.print(context.out());
        context.out().println();
        Table good = new Table("LAST GOOD", "FAMILY", "KERNEL", "RUN");
        for (LastGood g : lastGood) {
            good.row(g.module() + "/" + g.version(), g.distro() + "/" + g.release() + "/" + g.flavour() + " "
                    + g.arch(), g.kernel(), g.runId());
        }
        good.print(context.out());
        return ExitCodes.OK;
    }

    private static String when(CellHistory.Event e) {
        return e == null ? "-" : e.at().substring(0, Math.min(16, e.at().length())).replace('T', ' ');
    }
}
