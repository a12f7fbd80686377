package org.kmodfarm.core.farm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The labels a cell's container carries, and the rule that finds the leftovers of a run that was killed: a
 * container made on this host by a kmodfarm process that no longer exists. Containers of runs still going
 * (here or on other hosts sharing the engine) are never touched.
 */
public final class CellLabels {
    static final String RUN = "kmodfarm.run";
    static final String PID = "kmodfarm.pid";
    static final String HOST = "kmodfarm.host";

    private CellLabels() {
    }

    static Map<String, String> of(String runId, PlannedCell cell) {
        return Map.of(RUN, runId, PID, String.valueOf(ProcessHandle.current().pid()), HOST, host(),
                "kmodfarm.kernel", cell.kernel(), "kmodfarm.module", cell.origin());
    }

    /** True for the container of a dead kmodfarm process of this host. */
    public static boolean orphaned(Map<String, String> labels) {
        String pid = labels.get(PID);
        if (pid == null || !host().equals(labels.get(HOST))) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String host() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }
}
