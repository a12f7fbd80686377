package org.kmodfarm.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmodfarm mktarball}: a DKMS tarball of the farm's builds, for DKMS's ldtarball on a host. */
@Command(name = "mktarball", mixinStandardHelpOptions = true,
        description = {"Makes a DKMS tarball (DKMS's mktarball layout) of the module's builds for the kernels: "
                + "dkms_main_tree/KERNEL/ARCH/{module/*.ko,log/make.log} and the module source under "
                + "dkms_source_tree, or with --binaries-only its dkms.conf under dkms_binaries_only. On a host, "
                + "'dkms ldtarball FILE' loads it: the module is then built for those kernels, and 'dkms install' "
                + "installs it without compiling. DKMS 3.0 to 3.2 load only the first kernel of a tarball of "
                + "several (kmodfarm's dkms loads all): for them, make one tarball per kernel with -k. The file is "
                + "named as DKMS names it: NAME-VERSION-kernelKERNEL-ARCH….dkms.tar.gz.",
                "Byte-reproducible: every time stamp is SOURCE_DATE_EPOCH, else the end of the newest build packed.",
                "Exit: 0 tarball written, 2 bad input (an unknown NAME/VERSION, a kernel not BUILT, no source in "
                        + "the tree)."})
final class MktarballCommand implements Callable<Integer> {
    private final Context context;

    @Parameters(index = "0", paramLabel = "NAME/VERSION", description = "A module version of the tree.")
    String module;

    @ArgGroup(exclusive = true)
    PackageKernels kernels;

    @Option(names = "--binaries-only", description = "Leave the source out: only the built modules and the "
            + "dkms.conf (the host cannot rebuild it for another kernel). Default: the source is included.")
    boolean binariesOnly;

    @Mixin
    PackageOutput output;

    MktarballCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        return output.write(context, PackageOutput.options(context), module, kernels,
                (packaging, mv, selected, where, folder) -> List.of(packaging.dkmsTarball(mv, selected, where,
                        binariesOnly, folder)));
    }
}
