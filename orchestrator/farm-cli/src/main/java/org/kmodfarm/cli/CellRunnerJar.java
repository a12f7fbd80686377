package org.kmodfarm.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.kmodfarm.core.farm.CellRuntime;
import org.kmodfarm.model.InfraException;

/**
 * Finds the jar shipped into every cell: {@code KMODFARM_CELL_JAR} when set, else the one kmodfarm runs from;
 * when it runs from class folders (tests, IDEs), the jar {@code mvn package} made next to the launcher
 * ({@code KMODFARM_HOME}) or in the working directory.
 */
final class CellRunnerJar {
    private static final String BUILT = "orchestrator/farm-cli/target/kmodfarm.jar";

    private CellRunnerJar() {
    }

    static CellRuntime locate(Path workDir, Map<String, String> env) {
        if (env.containsKey("KMODFARM_CELL_JAR")) {
            return CellRuntime.of(workDir.resolve(env.get("KMODFARM_CELL_JAR")));
        }
        Optional<Path> running = running();
        if (running.isPresent()) {
            return CellRuntime.of(running.get());
        }
        for (Path candidate : new Path[] {env.containsKey("KMODFARM_HOME") ? Path.of(env.get("KMODFARM_HOME"), BUILT)
                : null, workDir.resolve(BUILT)}) {
            if (candidate != null && Files.isRegularFile(candidate)) {
                return CellRuntime.of(candidate);
            }
        }
        throw new InfraException("kmodfarm's jar, which every build container runs, was not found",
                "build it: scripts/ensure-jar (or mvn -DskipTests package)");
    }

    private static Optional<Path> running() {
        try {
            Path self = Path.of(CellRunnerJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(self) && self.toString().endsWith(".jar") ? Optional.of(self) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
