package org.kmodfarm.loadtest;

import java.util.List;
import java.util.Optional;
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
 * <li>an insmod said {@code No such device} (init returned -ENODEV) → LOADED_NO_DEVICE;
 * <li>else LOADED (a failed rmmod is named in the reason, but a module may refuse removal by design).
 * </ol>
 */
public final class LoadClassifier {
    private static final Pattern ALARM = Pattern.compile("Kernel panic|\\bBUG:|\\bOops\\b|\\bWARNING:"
            + "|general protection fault|Unknown symbol|Unable to handle kernel|stack-protector|RIP: ");

    private LoadClassifier() {
    }

    public static LoadOutcome classify(ConsoleFacts f, VmRun run) {
        if (!f.booted()) {
            String why = run.timedOut() ? "the kernel did not start /init within " + run.durationMs() / 1000 + " s"
                    : !f.panic().isEmpty() ? "the kernel panicked while booting: " + f.panic()
                    : "the machine stopped before /init ran (emulator exit " + run.exitCode() + ")";
            return LoadOutcome.infra(why);
        }
        if (!f.panic().isEmpty()) {
            return LoadOutcome.of(LoadVerdict.LOAD_FAILED, f.panic());
        }
        Optional<String> alarm = f.kernelLog().stream().filter(LoadClassifier::alarming).findFirst()
                .map(String::strip);
        Optional<ConsoleFacts.Command> refused = f.insmods().stream()
                .filter(c -> !c.shipped() && !c.ok() && !noDevice(c)).findFirst();
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
        Optional<ConsoleFacts.Command> noDevice = f.insmods().stream().filter(c -> !c.shipped())
                .filter(LoadClassifier::noDevice).findFirst();
        if (noDevice.isPresent()) {
            return LoadOutcome.of(LoadVerdict.LOADED_NO_DEVICE, noDevice.get().module()
                    + ": init returned -ENODEV (no such device in the virtual machine)");
        }
        String unload = f.rmmods().stream().filter(c -> !c.ok()).findFirst()
                .map(c -> "rmmod " + c.module() + ": " + c.message()).orElse("");
        return LoadOutcome.of(LoadVerdict.LOADED, unload);
    }

    /** Whether a kernel log line is one that fails a load test. */
    static boolean alarming(String line) {
        return ALARM.matcher(line).find();
    }

    private static boolean noDevice(ConsoleFacts.Command c) {
        return !c.ok() && c.message().contains("No such device");
    }
}
