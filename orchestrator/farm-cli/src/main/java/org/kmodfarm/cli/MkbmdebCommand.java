package org.kmodfarm.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.packaging.module.ModulePackaging;
import org.kmodfarm.packaging.module.ModuleVersion;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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
    Kernels kernels;

    @Mixin
    PackageOutput output;

    /** Which kernels: named, or those of a matrix; without either, every kernel BUILT in the tree. */
    static final class Kernels {
        @Option(names = {"-k", "--kernel"}, paramLabel = "KERNEL", required = true,
                description = "A kernel release the module is BUILT for; repeatable (default: every BUILT kernel).")
        List<String> named;

        @Option(names = "--matrix", paramLabel = "FILE", required = true,
                description = "Every kernel of this matrix file; each must be BUILT.")
        Path matrix;
    }

    MkbmdebCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ModulePackaging packaging = output.debs(context);
        ModuleVersion mv = PackageOutput.module(context, module);
        Optional<List<String>> selected = Optional.empty();
        Optional<SourceLocation> where = Optional.empty();
        if (kernels != null && kernels.matrix != null) {
            Path file = context.matrixFile(kernels.matrix);
            selected = Optional.of(context.resolve(file, false).stream().map(t -> t.kernel().value()).toList());
            where = Optional.of(SourceLocation.wholeFile(file));
        } else if (kernels != null) {
            selected = Optional.of(List.copyOf(kernels.named));
        }
        PackageOutput.report(context, packaging.binaryModules(mv, selected, where,
                output.folder(context, packaging, mv)));
        return ExitCodes.OK;
    }
}
