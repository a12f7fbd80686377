package org.kmodfarm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.kmodfarm.core.config.Setting;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.packaging.module.BinaryFormat;
import org.kmodfarm.packaging.module.ModulePackaging;
import org.kmodfarm.packaging.module.ModuleVersion;
import org.kmodfarm.packaging.module.PackagingOptions;
import picocli.CommandLine.Option;

/** {@code --out DIR} and {@code --maintainer}, shared by the packaging verbs, and what they make of them. */
final class PackageOutput {
    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the packages (default: TREE/.kmodfarm/packages/NAME/VERSION).")
    Path out;

    @Option(names = "--maintainer", paramLabel = "NAME <ADDRESS>", description = "The packages' Maintainer "
            + "(default: packaging.maintainer from the configuration).")
    String maintainer;

    /** The packaging of the tree; SOURCE_DATE_EPOCH comes from the command's environment. */
    ModulePackaging packaging(Context context) {
        context.option(Setting.MAINTAINER, maintainer, "--maintainer");
        return new ModulePackaging(new FarmTree(context.tree()),
                new PackagingOptions(context.config().maintainer(), context.env("SOURCE_DATE_EPOCH")));
    }

    /** What the binary packaging verbs do: one package of {@code format} per BUILT cell of the kernels. */
    int binaries(Context context, BinaryFormat format, String module, PackageKernels kernels) throws IOException {
        ModulePackaging packaging = packaging(context);
        ModuleVersion mv = module(context, module);
        report(context, packaging.binaryModules(format, mv, PackageKernels.kernels(context, kernels),
                PackageKernels.origin(context, kernels), folder(context, packaging, mv)));
        return ExitCodes.OK;
    }

    Path folder(Context context, ModulePackaging packaging, ModuleVersion module) {
        return out == null ? packaging.defaultOutput(module) : context.resolvePath(out);
    }

    static ModuleVersion module(Context context, String argument) {
        return ModuleVersion.parse(argument).orElseThrow(() -> new BadInputException(new Problem(
                SourceLocation.wholeFile(context.tree()), "'" + argument + "' is not NAME/VERSION",
                "name a module version of the tree, e.g. kmodfarm-hello/0.1")));
    }

    static void report(Context context, List<Path> written) {
        written.forEach(p -> context.out().println("wrote " + p));
        context.out().flush();
    }
}
