package org.kmodfarm.cli;

import org.kmodfarm.core.config.Setting;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a farm run builds its cells: {@code -j}, {@code --timeout}, {@code --keep-going}, {@code --rebuild},
 * {@code --fail-on} and {@code --runtime}, shared by {@code build} and {@code autoinstall}.
 */
final class CellRunOptions {
    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Cells built side by side (default: jobs from the configuration, auto: one per core); "
                    + "make -j inside a cell is the cores divided among them.")
    Integer jobs;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Wall-clock limit of one cell, e.g. 90s, 20m (default: timeout from the configuration, 30m).")
    String timeout;

    @Option(names = "--keep-going", description = "Build every cell even after one fails (default: start no new "
            + "cell after the first failure).")
    boolean keepGoing;

    @Mixin
    FailOnOption failOn;

    @Mixin
    RuntimeOption runtime;

    @Option(names = "--rebuild", description = "Build every cell again, ignoring the cache.")
    boolean rebuild;

    /** The options as settings (they take precedence over the environment and the file). */
    void apply(Context context) {
        context.option(Setting.JOBS, jobs, "--jobs");
        context.option(Setting.TIMEOUT, timeout, "--timeout");
        runtime.apply(context);
    }

    /**
     * The run's request, after {@link #apply}.
     *
     * @param matrix   the matrix file the reproducers name
     * @param loadtest the load test after the build; null for none
     */
    FarmBuilder.Request request(Context context, String matrix, LoadTests.Request loadtest) {
        return new FarmBuilder.Request(context.config().jobs(), context.config().timeout(), rebuild, false, keepGoing,
                matrix, failOn, loadtest);
    }
}
