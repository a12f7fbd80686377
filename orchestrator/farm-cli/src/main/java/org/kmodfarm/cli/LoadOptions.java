package org.kmodfarm.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import picocli.CommandLine.Option;

/** How load tests boot their machines; shared by {@code loadtest} and {@code build --loadtest}. */
final class LoadOptions {
    private static final List<String> ACCELS = List.of("auto", "kvm", "tcg");

    @Option(names = "--vm-timeout", paramLabel = "DURATION",
            description = "Wall-clock limit of one load-test machine, boot to power-off (default: 120s).")
    String timeout = "120s";

    @Option(names = "--vm-memory", paramLabel = "MIB", description = "Memory of one load-test machine (default: 512).")
    int memoryMb = 512;

    @Option(names = "--accel", paramLabel = "ACCEL", description = "auto (KVM when a short probe boot answers, else "
            + "TCG), kvm or tcg (default: auto).")
    String accel = "auto";

    /**
     * The request, with {@code machines} side by side (bounded by cores and memory); {@code refresh}: the kernel
     * image packages are looked up in freshly fetched indexes (the verb's {@code --refresh}).
     */
    LoadTests.Request request(int machines, boolean refresh) {
        Duration limit = LoadtestCommand.duration(timeout, "--vm-timeout");
        if (!ACCELS.contains(accel) || memoryMb < 128 || machines < 1) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(Path.of("command line")),
                    "bad load-test option: --accel " + accel + ", --vm-memory " + memoryMb + ", machines " + machines,
                    "--accel is one of " + String.join(", ", ACCELS) + "; --vm-memory at least 128; -j at least 1"));
        }
        return new LoadTests.Request(machines, memoryMb, limit, accel, refresh);
    }
}
