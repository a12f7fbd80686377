package org.kmodfarm.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmodfarm build}: modules × the kernel matrix, each cell in its own locked-down container. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Builds each module source for every selected kernel of the matrix with DKMS's build "
                + "semantics (dkms.conf evaluated per kernel, BUILD_EXCLUSIVE, patches, PRE/POST_BUILD, MAKE, "
                + "module collection and compression as the target kernel's configuration says), each cell in its "
                + "own container: no network, non-root, read-only root filesystem and source, CPU/memory/pids "
                + "limits, a wall-clock timeout.",
                "Results: TREE/NAME/VERSION/KERNEL/ARCH/module/ (DKMS's layout, BUILT cells), a record of every "
                        + "cell in TREE/.kmodfarm/cells/…/result.json, the run in TREE/.kmodfarm/runs/RUN-ID/. "
                        + "Unchanged cells come from the cache without starting a container.",
                "Exit: 0 every cell BUILT or SKIPPED, 1 a cell FAILED or timed out, 2 bad input (a dkms.conf DKMS "
                        + "refuses), 3 an infrastructure ERROR left after retries, 4 a --fail-on condition met.",
                "Reports: every run writes TREE/.kmodfarm/runs/RUN-ID/report.html, report.json, report.junit.xml "
                        + "and report.md, each cell compared with the runs before (kmodfarm report)."})
final class BuildCommand implements Callable<Integer> {
    private final Context context;

    @Parameters(arity = "1..*", paramLabel = "SOURCE",
            description = "A directory holding dkms.conf, a DKMS tarball, a Debian *-dkms package (.deb), or "
                    + "NAME/VERSION of a module already in the tree.")
    List<String> sources = new ArrayList<>();

    @Mixin
    KernelSelection kernels;

    @Mixin
    CellRunOptions run;

    @Option(names = "--loadtest", description = "Then load every BUILT cell's modules into its kernel, booted in "
            + "QEMU (as kmodfarm loadtest does; machines side by side: --jobs); a LOAD_FAILED makes the build exit 1.")
    boolean loadtest;

    @Mixin
    LoadOptions load;

    BuildCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        run.apply(context);
        var sourceList = FarmBuilder.sources(context, sources);
        var targets = kernels.targets(context);
        return new FarmBuilder(context).run(sourceList, targets, run.request(context,
                context.matrixFile(kernels.matrix).toString(),
                loadtest ? load.request(context.config().jobs(), kernels.refresh) : null)).exitCode();
    }
}
