package org.kmodfarm.cli;

import java.util.concurrent.Callable;
import org.kmodfarm.packaging.module.BinaryFormat;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kmodfarm mkrpm}: binary kmod RPMs, one per BUILT kernel, from the tree. */
@Command(name = "mkrpm", mixinStandardHelpOptions = true,
        description = {"Makes a binary kmod RPM of the built modules for each kernel: kmod-NAME-KERNEL, the modules "
                + "under /lib/modules/KERNEL/extra/NAME/, Requires: kernel-uname-r = KERNEL, a Provides: "
                + "modalias(ALIAS) for each alias of each module (from its modinfo), depmod run after install and "
                + "removal. The version's '-' becomes '_' (RPM versions cannot hold '-'); the release is 1.",
                "Byte-reproducible: every time stamp is SOURCE_DATE_EPOCH, else the end of the newest build packaged.",
                "Exit: 0 packages written, 2 bad input (an unknown NAME/VERSION, a kernel not BUILT)."})
final class MkrpmCommand implements Callable<Integer> {
    private final Context context;

    @Parameters(index = "0", paramLabel = "NAME/VERSION", description = "A module version of the tree.")
    String module;

    @ArgGroup(exclusive = true)
    PackageKernels kernels;

    @Mixin
    PackageOutput output;

    MkrpmCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        return output.binaries(context, BinaryFormat.RPM, module, kernels);
    }
}
