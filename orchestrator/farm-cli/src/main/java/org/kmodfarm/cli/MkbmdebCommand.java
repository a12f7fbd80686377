package org.kmodfarm.cli;

import java.util.concurrent.Callable;
import org.kmodfarm.packaging.module.BinaryFormat;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kmodfarm mkbmdeb}: binary module packages, one per BUILT kernel, from the tree. */
@Command(name = "mkbmdeb", mixinStandardHelpOptions = true,
        description = {"Makes a binary Debian package of the built modules for each kernel (as DKMS's mkbmdeb did): "
                + "NAME-modules-KERNEL, the modules under /lib/modules/KERNEL/updates/dkms/, depending on "
                + "linux-image-KERNEL, depmod run after install and removal.",
                "Byte-reproducible: every time stamp is SOURCE_DATE_EPOCH, else the end of the newest build packaged.",
                "Exit: 0 packages written, 2 bad input (an unknown NAME/VERSION, a kernel not BUILT)."})
final class MkbmdebCommand implements Callable<Integer> {
    private final Context context;

    @Parameters(index = "0", paramLabel = "NAME/VERSION", description = "A module version of the tree.")
    String module;

    @ArgGroup(exclusive = true)
    PackageKernels kernels;

    @Mixin
    PackageOutput output;

    MkbmdebCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        return output.binaries(context, BinaryFormat.DEB, module, kernels);
    }
}
