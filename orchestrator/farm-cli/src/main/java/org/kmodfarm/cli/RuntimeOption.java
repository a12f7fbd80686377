package org.kmodfarm.cli;

import org.kmodfarm.core.config.Setting;
import picocli.CommandLine.Option;

/** {@code --runtime}: where the cells of a farm verb run. */
final class RuntimeOption {
    @Option(names = "--runtime", paramLabel = "NAME",
            description = "Where cells run: docker (the engine at docker.host, one container per cell) or swarm "
                    + "(a Docker Swarm at swarm.host, one service per cell, images through swarm.registry) or kubernetes (the "
                    + "cluster of kubernetes.context, one Job per cell, images through kubernetes.registry) "
                    + "(default: runtime from the configuration, docker).")
    String runtime;

    /** Makes the option, when given, the configuration's runtime. */
    void apply(Context context) {
        context.option(Setting.RUNTIME, runtime, "--runtime");
    }
}
