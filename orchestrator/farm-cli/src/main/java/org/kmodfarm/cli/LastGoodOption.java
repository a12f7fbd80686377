package org.kmodfarm.cli;

import org.kmodfarm.packaging.module.PackagingOptions;
import picocli.CommandLine.Option;

/** {@code --last-good}, for the verbs that package per-kernel builds. */
final class LastGoodOption {
    @Option(names = "--last-good", description = "Package a kernel whose newest build is not BUILT from its last "
            + "good build instead (the newest BUILT record of the same cell a kept run names, its modules kept in "
            + "the tree); each such kernel is named on standard error. Default: such a kernel is refused.")
    boolean lastGood;

    PackagingOptions apply(PackagingOptions options) {
        return options.withLastGood(lastGood);
    }
}
