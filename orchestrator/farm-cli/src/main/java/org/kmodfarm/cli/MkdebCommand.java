package org.kmodfarm.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.kmodfarm.packaging.module.BinaryFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kmodfarm mkdeb}: the DKMS source package of a module version of the tree. */
@Command(name = "mkdeb", mixinStandardHelpOptions = true,
        description = {"Makes the DKMS source package NAME-dkms (as Debian's *-dkms packages are): the module source "
                + "under /usr/src/NAME-VERSION, depending on dkms; installing it runs dkms add, then build and "
                + "install for every kernel with headers (a kernel it fails on only warns); removing it runs "
                + "dkms remove --all.",
                "Byte-reproducible: every time stamp is SOURCE_DATE_EPOCH, else the end of the newest build.",
                "Exit: 0 package written, 2 bad input (an unknown NAME/VERSION)."})
final class MkdebCommand implements Callable<Integer> {
    private final Context context;

    @Parameters(index = "0", paramLabel = "NAME/VERSION", description = "A module version of the tree.")
    String module;

    @Mixin
    PackageOutput output;

    @Mixin
    MaintainerOption maintainer;

    MkdebCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        // the source package is one for all kernels: the kernels are not asked
        return output.write(context, maintainer.options(context), module, null,
                (packaging, mv, selected, where, folder) -> List.of(packaging.dkmsSource(BinaryFormat.DEB, mv,
                        folder)));
    }
}
