package org.kmodfarm.dkms;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a dkms.conf exactly as DKMS 3.2.2's {@code read_conf_or_die} / {@code read_conf_strict_or_die} do,
 * returning instead of printing and exiting. Thread-safe when its evaluator's shell is.
 */
public final class ConfReader {
    /** DKMS's exit code for a dkms.conf it refuses. */
    public static final int BAD_CONF = 8;
    /** DKMS's exit code for a dkms.conf it cannot read. */
    public static final int MISSING_CONF = 4;
    private static final String ERROR = "dkms.conf: Error! ";

    private final ConfEvaluator evaluator;
    private final DestinationPolicy policy;

    /** @param policy the distribution rules DEST_MODULE_LOCATION is overridden by */
    public ConfReader(ConfEvaluator evaluator, DestinationPolicy policy) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Evaluates, post-processes and validates {@code context.conf()}.
     *
     * @param confArgument the path DKMS names in "Bad conf file.": its explicit conf argument or {@code -c}
     *                     value, and empty when it read the tree's own {@code source/dkms.conf} (DKMS then
     *                     prints "File:  does not represent…")
     * @throws org.kmodfarm.model.InfraException when bash cannot run or times out
     */
    public ReadResult read(EvaluationContext context, ReadMode mode, String confArgument) {
        Evaluation evaluation = evaluator.evaluate(context, mode);
        List<String> lines = new ArrayList<>(evaluation.messages());
        if (evaluation instanceof Evaluation.Unreadable) {
            lines.addAll(List.of("", "Error! Could not locate dkms.conf file.",
                    "File: " + context.conf() + " does not exist."));
            return new ReadResult.Invalid(lines, MISSING_CONF);
        }
        if (evaluation instanceof Evaluation.Exited exited) {
            return new ReadResult.Invalid(lines, exited.exitCode());
        }
        ConfInterpreter.Interpretation read =
                ConfInterpreter.interpret((Evaluation.Sourced) evaluation, context, policy);
        lines.addAll(read.errors());
        boolean valid = read.errors().isEmpty();
        if (valid && mode == ReadMode.STRICT) {
            valid = strictChecks(read.conf().modules(), lines);
        }
        if (!valid) {
            lines.addAll(List.of("", "Error! Bad conf file.",
                    "File: " + confArgument + " does not represent a valid dkms.conf file."));
            return new ReadResult.Invalid(lines, BAD_CONF);
        }
        return new ReadResult.Valid(read.conf(), lines);
    }

    /** {@code read_conf_strict}'s additions; false when a duplicate module makes the file invalid. */
    private static boolean strictChecks(List<ModuleSpec> modules, List<String> lines) {
        if (modules.isEmpty()) {
            lines.add("dkms.conf: Warning! Zero modules specified.");
        }
        boolean builtUnique = unique(modules.stream().map(ModuleSpec::builtPath).toList(), "BUILT_MODULE_NAME", lines);
        boolean destUnique = unique(modules.stream().map(ModuleSpec::destName).toList(), "DEST_MODULE_NAME", lines);
        return builtUnique && destUnique;
    }

    /** DKMS's space-separated membership test, kept as is (it treats names containing spaces as lists). */
    private static boolean unique(List<String> names, String directive, List<String> lines) {
        boolean unique = true;
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if ((" " + seen + " ").contains(" " + name + " ")) {
                lines.add(ERROR + "Duplicate module '" + name + "' in '" + directive + "[" + i + "]'.");
                unique = false;
            }
            seen.append(' ').append(name);
        }
        return unique;
    }
}
