package org.kmodfarm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kmodfarm.core.farm.CellRuntime;
import org.kmodfarm.model.InfraException;

/**
 * Finds the cell runner shipped into every build container, {@code kmodfarm-cell.jar} (kmodfarm's DKMS code
 * only; {@code mvn package} makes it next to {@code kmodfarm.jar}): {@code KMODFARM_CELL_JAR} when set, else
 * next to the jar kmodfarm runs from, else (class folders: tests, IDEs) under {@code KMODFARM_HOME} or the
 * working directory.
 */
final class CellRunnerJar {
    private static final String NAME = "kmodfarm-cell.jar";
    private static final String BUILT = "orchestrator/farm-cli/target/" + NAME;

    private CellRunnerJar() {
    }

    static CellRuntime locate(Path workDir, Map<String, String> env) {
        if (env.containsKey("KMODFARM_CELL_JAR")) {
            return CellRuntime.of(workDir.resolve(env.get("KMODFARM_CELL_JAR")));
        }
        List<Path> candidates = new ArrayList<>();
        RunningJar.path().ifPresent(jar -> candidates.add(jar.resolveSibling(NAME)));
        if (env.containsKey("KMODFARM_HOME")) {
            candidates.add(Path.of(env.get("KMODFARM_HOME"), BUILT));
        }
        candidates.add(workDir.resolve(BUILT));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return CellRuntime.of(candidate);
            }
        }
        throw new InfraException("kmodfarm's cell runner (" + NAME + "), which every build container runs, was "
                + "not found; looked at " + candidates, "build it: scripts/ensure-jar (or mvn -DskipTests package)");
    }
}
