package org.kmodfarm.cli;

import org.kmodfarm.core.config.Setting;
import org.kmodfarm.packaging.module.PackagingOptions;
import picocli.CommandLine.Option;

/** {@code --maintainer}, for the packaging verbs whose packages name one (a DKMS tarball names none). */
final class MaintainerOption {
    @Option(names = "--maintainer", paramLabel = "NAME <ADDRESS>", description = "The packages' Maintainer "
            + "(default: packaging.maintainer from the configuration).")
    String maintainer;

    /** The packaging options with this maintainer, if given, over the configuration's. */
    PackagingOptions options(Context context) {
        context.option(Setting.MAINTAINER, maintainer, "--maintainer");
        return PackageOutput.options(context);
    }
}
