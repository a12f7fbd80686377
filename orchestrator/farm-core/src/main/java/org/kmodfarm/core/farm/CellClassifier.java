package org.kmodfarm.core.farm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.spi.SandboxExit;

/**
 * Decides a cell's outcome from how its container ended and the cell runner's report (DKMS's status of its
 * last stage), with DESIGN's rule: only the infrastructure's faults are {@code ERROR} (and retried); whatever
 * the module's own source or scripts caused is {@code FAILED}, never retried.
 */
public final class CellClassifier {
    /** A shell's "command not found": the image has no java, so it breaks the image contract. */
    private static final int NOT_FOUND = 127;

    private CellClassifier() {
    }

    /**
     * @param log     the cell's output lines (DKMS's messages)
     * @param timeout the wall-clock limit the cell had, for the reason
     * @param memory  the memory limit in bytes, for the reason
     */
    public static Verdict classify(CellExecution execution, List<String> log, Duration timeout, long memory) {
        if (execution.exit() instanceof SandboxExit.TimedOut) {
            return Verdict.of(CellOutcome.TIMEOUT, "wall-clock limit of " + timeout.toMinutes() + " min ("
                    + timeout.toSeconds() + " s) reached; the container was killed");
        }
        if (execution.exit() instanceof SandboxExit.OutOfMemory) {
            return new Verdict(CellOutcome.FAILED, "killed for exceeding its memory limit of " + (memory >> 20)
                    + " MiB", Optional.of(new FirstError("", 0, "out of memory (limit " + (memory >> 20) + " MiB)")),
                    false);
        }
        if (execution.exit() instanceof SandboxExit.OutputTooLarge big) {
            return Verdict.of(CellOutcome.FAILED, "left more than " + (big.limitBytes() >> 20) + " MiB in its output "
                    + "folder; nothing of it was kept");
        }
        int status = ((SandboxExit.Exited) execution.exit()).status();
        Optional<CellReport> report = CellReport.from(execution.outputs());
        if (report.isEmpty()) {
            if (status == NOT_FOUND) {
                return Verdict.of(CellOutcome.ERROR, "the builder image cannot run the cell runner (java not found); "
                        + "rebuild the images: kmodfarm images build --rebuild");
            }
            return Verdict.of(CellOutcome.ERROR, "the cell runner ended (exit " + status + ") without its report");
        }
        return fromReport(report.get(), execution, log);
    }

    private static Verdict fromReport(CellReport report, CellExecution execution, List<String> log) {
        int status = report.status();
        List<String> lines = lines(execution, log);
        Optional<FirstError> first = FirstError.find(lines);
        if (report.stage().equals("add")) {
            String why = first.map(FirstError::message).orElse("DKMS add failed with status " + status);
            return new Verdict(CellOutcome.FAILED, "dkms.conf refused: " + why, first, true);
        }
        if (status == 0) {
            boolean modules = execution.outputs().keySet().stream().anyMatch(CellClassifier::isModule);
            return modules ? Verdict.of(CellOutcome.BUILT, "built")
                    : Verdict.of(CellOutcome.ERROR, "DKMS reported success but no module came back");
        }
        return switch (status) {
            case 77 -> Verdict.of(CellOutcome.SKIPPED,
                    "BUILD_EXCLUSIVE (or OBSOLETE_BY) does not match this kernel/arch/config");
            case 21 -> Verdict.of(CellOutcome.ERROR, "the builder image has no kernel headers for this kernel; "
                    + "rebuild it: kmodfarm images build --rebuild");
            default -> new Verdict(CellOutcome.FAILED, failure(status), first, false);
        };
    }

    private static String failure(int status) {
        return switch (status) {
            case 10 -> "make failed (DKMS status 10)";
            case 7 -> "a module named in dkms.conf was not built (DKMS status 7)";
            case 5, 6 -> "a patch did not apply (DKMS status " + status + ")";
            default -> "the build stopped with DKMS status " + status + " (a PRE/POST_BUILD script or DKMS check)";
        };
    }

    /** make.log first (the compiler's lines), then DKMS's own messages. */
    private static List<String> lines(CellExecution execution, List<String> log) {
        List<String> all = new ArrayList<>();
        byte[] make = execution.outputs().get("make.log");
        if (make != null) {
            all.addAll(new String(make, StandardCharsets.UTF_8).lines().toList());
        }
        all.addAll(log);
        return all;
    }

    static boolean isModule(String output) {
        return output.startsWith("module/") && output.matches("module/[^/]+\\.ko(\\.(xz|gz|zst))?");
    }
}
