package org.kmodfarm.core.notify;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a watch tells the outside world when kernels appear or leave, or cells regress: the body of the webhook
 * (JSON) and the file a command hook gets. Schema 1, keys in this order.
 *
 * @param event       {@code kmodfarm.watch}
 * @param runId       the watch's build run; null when nothing was built (only kernels left)
 * @param newKernels  {@code KERNEL ARCH} of every kernel that appeared
 * @param goneKernels {@code KERNEL ARCH} of every kernel that left the repository (its cells are kept, GONE)
 * @param regressions every REGRESSION of the run
 * @param outcomes    cells per outcome in the run
 * @param reports     format → path of the run's report files
 */
public record Notice(int schema, String event, String matrix, String at, String runId, List<String> newKernels,
                     List<String> goneKernels, List<Regression> regressions, Map<String, Integer> outcomes,
                     Map<String, String> reports) {
    public static final int SCHEMA = 1;

    public Notice {
        Objects.requireNonNull(event, "event");
        newKernels = List.copyOf(newKernels);
        goneKernels = List.copyOf(goneKernels);
        regressions = List.copyOf(regressions);
        outcomes = Map.copyOf(outcomes);
        reports = Map.copyOf(reports);
    }

    /**
     * A cell that built before (on its kernel or its family's predecessor) and fails now.
     *
     * @param builtIn    the run it last built in
     * @param builtOn    the kernel it built on then
     */
    public record Regression(String cell, String firstError, String builtIn, String builtOn) {
    }

    /** Whether there is anything to tell. */
    public boolean worthSending() {
        return !newKernels.isEmpty() || !goneKernels.isEmpty() || !regressions.isEmpty();
    }
}
