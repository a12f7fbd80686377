package org.kmodfarm.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.packaging.module.BinaryFormat;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
    private static final String SIGNED_EXIT = "Exit: 0 packages written, 2 bad input (an unknown NAME/VERSION, a "
            + "kernel not BUILT, a --sign-key gpg has no secret key for), 3 gpg missing or failing.";

    private static final String SOURCE = "--source";
    private static final String SIGN_KEY = "signKey";

    private final Context context;
    private final BinaryFormat format;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME/VERSION", description = "A module version of the tree.")
    String module;

    @ArgGroup(exclusive = true)
    PackageKernels kernels;

    @Mixin
    PackageOutput output;

    @Mixin
    MaintainerOption maintainer;

    @Mixin
    LastGoodOption lastGood;

    private BinaryPackagesCommand(Context context, BinaryFormat format) {
        this.context = context;
        this.format = format;
    }

    /** Adds {@code mkbmdeb} and {@code mkrpm} to the root command. */
    static void register(CommandLine root, Context context, CommandLine.IFactory factory) {
        for (BinaryFormat format : BinaryFormat.values()) {
            CommandSpec spec = CommandSpec.forAnnotatedObject(new BinaryPackagesCommand(context, format), factory);
            spec.name(verb(format));
            spec.usageMessage().description(description(format), REPRODUCIBLE,
                    format == BinaryFormat.DEB ? EXIT : SIGNED_EXIT);
            if (format == BinaryFormat.RPM) {
                // what DKMS's own mkrpm made; Debian's counterpart is its own verb, mkdeb
                spec.addOption(OptionSpec.builder(SOURCE).arity("0").type(boolean.class).initialValue(false)
                        .description("Make the DKMS source RPM instead: NAME-dkms-VERSION-1.noarch.rpm, the source "
                                + "under /usr/src/NAME-VERSION, Requires: dkms; %%post adds, builds and installs it "
                                + "for every kernel with headers (a kernel it fails on only warns), %%preun removes "
                                + "it from DKMS. Takes no kernels.").build());
            }
            if (format != BinaryFormat.DEB) {
                // Debian packages are not signed one by one: apt checks the signed repository they come from
                spec.addMixin(SIGN_KEY, CommandSpec.forAnnotatedObject(new SignKeyOption(), factory));
            }
            root.addSubcommand(new CommandLine(spec, factory));
        }
    }

    static String verb(BinaryFormat format) {
        return switch (format) {
            case DEB -> "mkbmdeb";
            case RPM -> "mkrpm";
            case KMP -> "mkkmp";
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
            case KMP -> "Makes a SUSE Kernel Module Package (KMP) of the built modules for each kernel, as SUSE's "
                    + "%%kernel_module_package makes them: NAME-kmp-FLAVOR (FLAVOR: the kernel release's last '-' "
                    + "part), version VERSION_kKERNEL ('-' as '_'), the modules under /lib/modules/KERNEL/updates/; "
                    + "Provides: NAME-kmp, multiversion(kernel) and ksym(FLAVOR:SYMBOL) = CRC of the symbols the "
                    + "modules export; Requires: kernel-FLAVOR and ksym(FLAVOR:SYMBOL) = CRC of the kernel symbols "
                    + "they use (read from the modules' __versions; kernel-uname-r = KERNEL when those cannot be "
                    + "read); Enhances: kernel-FLAVOR; Supplements: modalias(kernel-FLAVOR:ALIAS) per alias; "
                    + "scriptlets through SUSE's kernel-scriptlets or weak-modules2, else depmod.";
        };
    }

    @Override
    public Integer call() throws Exception {
        CommandSpec signKey = spec.mixins().get(SIGN_KEY);
        if (signKey != null) {
            ((SignKeyOption) signKey.userObject()).apply(context);
        }
        OptionSpec source = spec.findOption(SOURCE);
        if (source != null && Boolean.TRUE.equals(source.getValue())) {
            if (kernels != null || lastGood.lastGood) {
                throw new BadInputException(new Problem(SourceLocation.wholeFile(context.tree()), "the DKMS source "
                        + "RPM is one for every kernel: " + SOURCE + " takes no -k, --matrix or --last-good",
                        "drop -k/--matrix/--last-good, or drop " + SOURCE + " for the binary kmod RPMs"));
            }
            return output.write(context, maintainer.options(context), module, null,
                    (packaging, mv, selected, where, folder) -> List.of(packaging.dkmsSource(format, mv,
                            folder)));
        }
        return output.write(context, lastGood.apply(maintainer.options(context)), module, kernels,
                (packaging, mv, selected, where, folder) -> packaging.binaryModules(format, mv, selected, where,
                        folder));
    }
}
