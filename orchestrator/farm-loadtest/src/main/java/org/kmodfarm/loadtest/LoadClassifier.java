package org.kmodfarm.loadtest;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.kmodfarm.model.LoadVerdict;

/**
 * Judges a load test from its console: the first matching rule wins.
 * <ol>
 * <li>no {@code /init} → NOT_TESTED (infrastructure: the kernel did not boot);
 * <li>a panic, or an oops, BUG, WARNING, general protection fault or unknown symbol in the kernel log after the
 *     first insmod → LOAD_FAILED with that line;
 * <li>an insmod of a cell module failed other than with ENODEV → LOAD_FAILED with its message;
 * <li>the machine stopped answering before {@code /init}'s end → LOAD_FAILED (it hung in a module);
 * <li>the kernel was newly tainted D (died) or W (warned) → LOAD_FAILED;
 * <li>an insmod said {@code No such device} (init returned -ENODEV) → LOADED_NO_DEVICE; so do the modules that
 *     then failed for want of it (unknown symbols of a module they depend on), which rules 2 and 3 excuse;
 * <li>else LOADED (a failed rmmod is named in the reason, but a module may refuse removal by design).
 * </ol>
 */
public final class LoadClassifier {
    private static final Pattern ALARM = Pattern.compile("Kernel panic|\\bBUG:|\\bOops\\b|\\bWARNING:"
            + "|general protection fault|Unknown symbol|Unable to handle kernel|stack-protector|RIP: ");

    private LoadClassifier() {
    }

    /**
     * @param depends each loaded module's dependencies (module names): a module that could not load because a
     *                module it needs wants hardware (-ENODEV) is excused, with its unknown symbols
     */
    public static LoadOutcome classify(ConsoleFacts f, VmRun run, Map<String, List<String>> depends) {
        if (!f.booted()) {
            String why = run.timedOut() ? "the kernel did not start /init within " + run.durationMs() / 1000 + " s"
                    : !f.panic().isEmpty() ? "the kernel panicked while booting: " + f.panic()
                    : "the machine stopped before /init ran (emulator exit " + run.exitCode() + ")";
            return LoadOutcome.infra(why);
        }
        if (!f.panic().isEmpty()) {
            return LoadOutcome.of(LoadVerdict.LOAD_FAILED, f.panic());
        }
        Set<String> wantDevice = wantDevice(f, depends);
        Optional<String> alarm = f.kernelLog().stream().filter(LoadClassifier::alarming)
                .filter(l -> !excused(l, wantDevice)).findFirst().map(String::strip);
        Optional<ConsoleFacts.Command> refused = f.insmods().stream()
                .filter(c -> !c.shipped() && !c.ok() && !wantDevice.contains(c.module())).findFirst();
        if (alarm.isPresent() && alarm.get().contains("Unknown symbol") && refused.isPresent()) {
            return LoadOutcome.of(LoadVerdict.LOAD_FAILED, "insmod " + refused.get().module() + ": "
                    + refused.get().message() + " (" + alarm.get() + ")");
        }
        if (alarm.isPresent()) {
            return LoadOutcome.of(LoadVerdict.LOAD_FAILED, alarm.get());
        }
        if (refused.isPresent()) {
            return LoadOutcome.of(LoadVerdict.LOAD_FAILED, "insmod " + refused.get().module() + ": "
                    + refused.get().message() + " (exit " + refused.get().status() + ")");
        }
        if (!f.ended()) {
            List<ConsoleFacts.Command> done = f.insmods();
            String last = done.isEmpty() ? "before the first insmod" : "after insmod " + done.get(done.size() - 1)
                    .module();
            return LoadOutcome.of(LoadVerdict.LOAD_FAILED, (run.timedOut() ? "the machine hung " + last
                    + " (killed after " + run.durationMs() / 1000 + " s)" : "the machine stopped " + last));
        }
        long fresh = f.taintAfter() > 0 ? f.taintAfter() & ~Math.max(0, f.taintBefore()) : 0;
        if ((fresh & (TaintFlags.DIED | TaintFlags.WARNED)) != 0) {
            return LoadOutcome.of(LoadVerdict.LOAD_FAILED, "loading tainted the kernel "
                    + TaintFlags.letters(fresh & (TaintFlags.DIED | TaintFlags.WARNED)));
        }
        Optional<ConsoleFacts.Command> noDevice = f.insmods().stream().filter(LoadClassifier::noDevice)
                .findFirst();
        if (noDevice.isPresent()) {
            List<String> blocked = f.insmods().stream().filter(c -> !c.ok() && !noDevice(c))
                    .map(ConsoleFacts.Command::module).toList();
            return LoadOutcome.of(LoadVerdict.LOADED_NO_DEVICE, noDevice.get().module()
                    + ": init returned -ENODEV (no such device in the virtual machine)"
                    + (blocked.isEmpty() ? "" : "; not loaded, as they need it: " + String.join(", ", blocked)));
        }
        String unload = f.rmmods().stream().filter(c -> !c.ok()).findFirst()
                .map(c -> "rmmod " + c.module() + ": " + c.message()).orElse("");
        return LoadOutcome.of(LoadVerdict.LOADED, unload);
    }

    /** Whether a kernel log line is one that fails a load test. */
    static boolean alarming(String line) {
        return ALARM.matcher(line).find();
    }

    /**
     * The modules that want hardware: those whose init returned -ENODEV, and those that failed to load after a
     * module they depend on (directly or not) wants hardware.
     */
    private static Set<String> wantDevice(ConsoleFacts f, Map<String, List<String>> depends) {
        Set<String> want = new HashSet<>();
        for (ConsoleFacts.Command c : f.insmods()) {
            if (noDevice(c) || !c.ok() && depends.getOrDefault(c.module(), List.of()).stream().anyMatch(want::contains)) {
                want.add(c.module());
            }
        }
        return want;
    }

    /** The kernel names the module first ({@code hdaps: Unknown symbol …}). */
    private static boolean excused(String line, Set<String> wantDevice) {
        int colon = line.indexOf(": Unknown symbol");
        return colon > 0 && wantDevice.contains(line.substring(0, colon).strip());
    }

    private static boolean noDevice(ConsoleFacts.Command c) {
        return !c.ok() && c.message().contains("No such device");
    }
}
