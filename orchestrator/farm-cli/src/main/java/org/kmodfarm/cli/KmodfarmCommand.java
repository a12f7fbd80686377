package org.kmodfarm.cli;

import java.nio.file.Path;
import org.kmodfarm.core.config.Setting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command; its options apply to every subcommand. */
@Command(name = "kmodfarm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Builds out-of-tree Linux kernel modules for a whole matrix of distro kernels, each build "
                + "in its own locked-down container.",
        subcommands = {BuildCommand.class, DoctorCommand.class, MatrixCommand.class, ImagesCommand.class,
            AutoinstallCommand.class, ConfCommand.class, DemoCommand.class, ReportCommand.class, WatchCommand.class,
            HistoryCommand.class, GcCommand.class, HooksCommand.class, MkdebCommand.class, MktarballCommand.class,
            MkdriverdiskCommand.class, PackageSelfCommand.class, LoadtestCommand.class,
            RootInstallCommands.Install.class, RootInstallCommands.Uninstall.class},
        footer = {"", "Configuration: kmodfarm.yaml in the working directory (or --config); "
                + "precedence: option > environment (KMODFARM_*) > file > default. 'kmodfarm doctor' prints it.",
                "Exit codes: 0 ok, 1 a cell failed, 2 usage or bad input, 3 infrastructure error, 4 a --fail-on "
                        + "condition met, 130 interrupted."})
final class KmodfarmCommand implements Runnable {
    private final Context context;

    KmodfarmCommand(Context context) {
        this.context = context;
    }

    Context context() {
        return context;
    }

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (default: kmodfarm.yaml in the working directory, if present).")
    void config(Path file) {
        context.configFile(file);
    }

    @Option(names = "--tree", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Results tree (default: results).")
    void tree(Path dir) {
        context.option(Setting.TREE, dir, "--tree");
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(context.out());
    }
}
