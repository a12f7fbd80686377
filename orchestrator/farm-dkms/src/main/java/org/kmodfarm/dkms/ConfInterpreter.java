package org.kmodfarm.dkms;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The post-processing and validation of DKMS 3.2.2's {@code read_conf}, after the files were sourced. */
final class ConfInterpreter {
    private static final String ERROR = "dkms.conf: Error! ";

    private ConfInterpreter() {
    }

    /** The conf, and DKMS's error lines in its order (the conf is only meaningful when there are none). */
    record Interpretation(DkmsConf conf, List<String> errors) {
    }

    static Interpretation interpret(Evaluation.Sourced e, EvaluationContext context, DestinationPolicy policy) {
        List<String> errors = new ArrayList<>();
        PackageInfo pkg = new PackageInfo(e.get("PACKAGE_NAME").scalar(), e.get("PACKAGE_VERSION").scalar());
        if (pkg.name().isEmpty()) {
            errors.add(ERROR + "No 'PACKAGE_NAME' directive specified.");
        }
        if (pkg.version().isEmpty()) {
            errors.add(ERROR + "No 'PACKAGE_VERSION' directive specified.");
        }
        List<ModuleSpec> modules = ModuleTable.build(e, policy, errors);
        List<ConditionalEntry> make = entries(e.get("MAKE"), e.get("MAKE_MATCH"), e.facts().makeMatch());
        List<ConditionalEntry> patches = entries(e.get("PATCH"), e.get("PATCH_MATCH"), e.facts().patchMatch());
        String obsoleteBy = e.get("OBSOLETE_BY").scalar();
        BuildExclusive written = BuildExclusive.at(e, 0);
        BuildExclusive exclusive = !obsoleteBy.isEmpty() && written.kernelMax().isEmpty()
                ? new BuildExclusive(written.kernel(), written.kernelMin(), obsoleteBy, written.arch(), written.config())
                : written;
        KernelPlan plan = new KernelPlan(context.kernelver(), makeCommand(e, context), patchArray(e),
                Exclusion.evaluate(e.get("build_exclude").scalar(), exclusive, context.kernelver(), e.facts()));
        boolean autoinstall = yesNo("AUTOINSTALL", e, errors);
        boolean rebuild = yesNo("BUILD_DEPENDS_REBUILD", e, errors);
        boolean noWeak = yesNo("NO_WEAK_MODULES", e, errors);
        DkmsConf conf = new DkmsConf(pkg, modules, make, patches, autoinstall, e.get("BUILD_DEPENDS").values(),
                rebuild, exclusive, obsoleteBy, noWeak, Scripts.of(e), DeprecatedDirectives.of(e), plan);
        return new Interpretation(conf, errors);
    }

    private static List<ConditionalEntry> entries(BashArray values, BashArray matches, Map<Integer, Boolean> hits) {
        List<ConditionalEntry> entries = new ArrayList<>();
        values.elements().forEach((index, value) -> entries.add(
                new ConditionalEntry(index, value, matches.get(index), hits.getOrDefault(index, false))));
        return entries;
    }

    /**
     * DKMS walks indices 0 to {@code ${#MAKE[@]}-1}, the number of elements set, so in a sparse MAKE array the
     * highest entries are never considered; the same holds for PATCH.
     */
    private static String makeCommand(Evaluation.Sourced e, EvaluationContext context) {
        BashArray make = e.get("MAKE");
        BashArray match = e.get("MAKE_MATCH");
        String command = match.get(0).isEmpty() ? make.get(0) : "";
        for (int i = 0; i < make.count(); i++) {
            if (!make.get(i).isEmpty() && !match.get(i).isEmpty() && e.facts().makeMatch().getOrDefault(i, false)) {
                command = make.get(i);
            }
        }
        if (command.isEmpty()) {
            command = "make -C " + context.kernelSourceDir() + " M=" + context.dkmsTree() + "/" + context.module()
                    + "/" + context.moduleVersion() + "/build";
        }
        return e.facts().llvm() ? command + " LLVM=1" : command;
    }

    /** {@code patch_array} is whitelisted too: elements dkms.conf set beyond the selected ones are applied. */
    private static List<String> patchArray(Evaluation.Sourced e) {
        BashArray patch = e.get("PATCH");
        BashArray match = e.get("PATCH_MATCH");
        TreeMap<Integer, String> selected = new TreeMap<>(e.get("patch_array").elements());
        int count = 0;
        for (int i = 0; i < patch.count(); i++) {
            if (!patch.get(i).isEmpty()
                    && (match.get(i).isEmpty() || e.facts().patchMatch().getOrDefault(i, false))) {
                selected.put(count++, patch.get(i));
            }
        }
        return List.copyOf(selected.values());
    }

    /** Empty or yes (any case) → accepted; no (any case) → treated as empty; anything else is an error. */
    private static boolean yesNo(String name, Evaluation.Sourced e, List<String> errors) {
        String value = e.get(name).scalar();
        String lower = value.toLowerCase(Locale.ROOT);
        if (!value.isEmpty() && !lower.equals("yes") && !lower.equals("no")) {
            errors.add(ERROR + "Unsupported " + name + " value '" + value + "'");
        }
        return lower.equals("yes");
    }
}
