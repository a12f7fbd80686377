package org.kmodfarm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.kmodfarm.core.config.FarmConfig;
import org.kmodfarm.core.config.Setting;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.packaging.module.ModulePackaging;
import org.kmodfarm.packaging.module.ModuleVersion;
import org.kmodfarm.packaging.module.PackagingOptions;
import org.kmodfarm.packaging.rpm.GpgSigner;
import picocli.CommandLine.Option;

/** {@code --out DIR}, shared by the packaging verbs, and how they write their files there. */
final class PackageOutput {
    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the packages (default: "
            + "TREE/.kmodfarm/packages/NAME/VERSION; for package-self TREE/.kmodfarm/packages/kmodfarm).")
    Path out;

    /** Makes the files of one module version's packages into {@code folder}. */
    @FunctionalInterface
    interface Maker {
        List<Path> make(ModulePackaging packaging, ModuleVersion module, Optional<List<String>> kernels,
                        Optional<SourceLocation> where, Path folder) throws IOException, InterruptedException;
    }

    /**
     * The configuration's maintainer and RPM signing key (signing through gpg with GNUPGHOME's keyring), and
     * SOURCE_DATE_EPOCH (from the command's environment).
     */
    static PackagingOptions options(Context context) {
        FarmConfig config = context.config();
        SourceLocation keyOrigin = SourceLocation.wholeFile(Path.of(config.value(Setting.RPM_SIGN_KEY).origin()));
        return new PackagingOptions(config.maintainer(), context.env("SOURCE_DATE_EPOCH"), config.rpmSignKey()
                .map(key -> new GpgSigner(key, keyOrigin, context.env("GNUPGHOME"))), false);
    }

    /**
     * What every module packaging verb does: parse NAME/VERSION, resolve the kernels, make the files into
     * {@code --out} (or the default folder), and say what was written.
     *
     * @param options made before anything reads the configuration, which {@code --maintainer} is part of
     */
    int write(Context context, PackagingOptions options, String module, PackageKernels kernels, Maker maker)
            throws IOException, InterruptedException {
        ModulePackaging packaging = new ModulePackaging(new FarmTree(context.tree()), options,
                notice -> context.err().println("warning: " + notice));
        ModuleVersion mv = module(context, module);
        report(context, maker.make(packaging, mv, PackageKernels.kernels(context, kernels),
                PackageKernels.origin(context, kernels), folder(context, packaging.defaultOutput(mv))));
        return ExitCodes.OK;
    }

    Path folder(Context context, Path defaultFolder) {
        return (out == null ? defaultFolder : context.resolvePath(out)).normalize();
    }

    private static ModuleVersion module(Context context, String argument) {
        return ModuleVersion.parse(argument).orElseThrow(() -> new BadInputException(new Problem(
                SourceLocation.wholeFile(context.tree()), "'" + argument + "' is not NAME/VERSION",
                "name a module version of the tree, e.g. kmodfarm-hello/0.1")));
    }

    static void report(Context context, List<Path> written) {
        written.forEach(p -> context.out().println("wrote " + p));
        context.out().flush();
    }
}
