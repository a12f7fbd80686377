package org.kmodfarm.cli;

import java.util.concurrent.Callable;
import org.kmodfarm.packaging.module.BinaryFormat;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code kmodfarm mkbmdeb} and {@code kmodfarm mkrpm}: one binary module package per BUILT kernel, from the tree.
 * The two verbs take the same arguments and differ only in the format (and so in their help), so one command
 * class serves both, registered once per format by {@link #register}.
 */
@Command(mixinStandardHelpOptions = true)
final class BinaryPackagesCommand implements Callable<Integer> {
    private static final String REPRODUCIBLE = "Byte-reproducible: every time stamp is SOURCE_DATE_EPOCH, else the "
            + "end of the newest build packaged.";
    private static final String EXIT = "Exit: 0 packages written, 2 bad input (an unknown NAME/VERSION, a kernel "
            + "not BUILT).";

    private final Context context;
    private final BinaryFormat format;

    @Parameters(index = "0", paramLabel = "NAME/VERSION", description = "A module version of the tree.")
    String module;

    @ArgGroup(exclusive = true)
    PackageKernels kernels;

    @Mixin
    PackageOutput output;

    private BinaryPackagesCommand(Context context, BinaryFormat format) {
        this.context = context;
        this.format = format;
    }

    /** Adds {@code mkbmdeb} and {@code mkrpm} to the root command. */
    static void register(CommandLine root, Context context, CommandLine.IFactory factory) {
        for (BinaryFormat format : BinaryFormat.values()) {
            CommandSpec spec = CommandSpec.forAnnotatedObject(new BinaryPackagesCommand(context, format), factory);
            spec.name(verb(format));
            spec.usageMessage().description(description(format), REPRODUCIBLE, EXIT);
            root.addSubcommand(new CommandLine(spec, factory));
        }
    }

    static String verb(BinaryFormat format) {
        return switch (format) {
            case DEB -> "mkbmdeb";
            case RPM -> "mkrpm";
        };
    }

    private static String description(BinaryFormat format) {
        return switch (format) {
            case DEB -> "Makes a binary Debian package of the built modules for each kernel (as DKMS's mkbmdeb "
                    + "did): NAME-modules-KERNEL, the modules under /lib/modules/KERNEL/updates/dkms/, depending on "
                    + "linux-image-KERNEL, depmod run after install and removal.";
            case RPM -> "Makes a binary kmod RPM of the built modules for each kernel: kmod-NAME-KERNEL, the modules "
                    + "under /lib/modules/KERNEL/extra/NAME/, Requires: kernel-uname-r = KERNEL, a Provides: "
                    + "modalias(ALIAS) for each alias of each module (from its modinfo), depmod run after install "
                    + "and removal. The version's '-' becomes '_' (RPM versions cannot hold '-'); the release is 1.";
        };
    }

    @Override
    public Integer call() throws Exception {
        return output.binaries(context, format, module, kernels);
    }
}
