package org.kmodfarm.dkms;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The module loop of DKMS 3.2.2's {@code read_conf}: number of modules, per-index defaults and errors, and the
 * array length check. DKMS's lower-case arrays are on its whitelist, so they start as dkms.conf left them:
 * an index a file set beyond the module count survives and trips the length check, and a {@code strip[i]}
 * the file set decides when STRIP[i] is neither empty nor y…/n….
 */
final class ModuleTable {
    private static final String ERROR = "dkms.conf: Error! ";

    private ModuleTable() {
    }

    /** The modules by index; appends DKMS's error lines to {@code errors} in DKMS's order. */
    static List<ModuleSpec> build(Evaluation.Sourced e, DestinationPolicy policy, List<String> errors) {
        BashArray builtNames = e.get("BUILT_MODULE_NAME");
        BashArray builtLocations = e.get("BUILT_MODULE_LOCATION");
        BashArray destNames = e.get("DEST_MODULE_NAME");
        BashArray destLocations = e.get("DEST_MODULE_LOCATION");
        int count = 1 + Math.max(Math.max(builtNames.maxIndex(), builtLocations.maxIndex()),
                Math.max(destNames.maxIndex(), destLocations.maxIndex()));
        TreeMap<Integer, String> lowerBuiltNames = new TreeMap<>(e.get("built_module_name").elements());
        TreeMap<Integer, String> lowerBuiltLocations = new TreeMap<>(e.get("built_module_location").elements());
        TreeMap<Integer, String> lowerDestNames = new TreeMap<>(e.get("dest_module_name").elements());
        TreeMap<Integer, String> lowerDestLocations = new TreeMap<>(e.get("dest_module_location").elements());
        TreeMap<Integer, String> strip = new TreeMap<>(e.get("strip").elements());
        List<ModuleSpec> modules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String builtName = builtNames.get(i);
            String builtLocation = builtLocations.get(i);
            String destName = destNames.get(i);
            String rawDest = destLocations.get(i);
            decideStrip(e.get("STRIP").get(i), i, strip);
            if (builtName.isEmpty() && count == 1) {
                builtName = e.get("PACKAGE_NAME").scalar();
            }
            if (destName.isEmpty()) {
                destName = builtName;
            }
            if (!builtLocation.isEmpty() && !builtLocation.endsWith("/")) {
                builtLocation += "/";
            }
            if (builtName.isEmpty()) {
                errors.add(ERROR + "No 'BUILT_MODULE_NAME' directive specified for record #" + i + ".");
            }
            if (builtName.endsWith(".o") || builtName.endsWith(".ko")) {
                errors.add(ERROR + "'BUILT_MODULE_NAME' directive ends in '.o' or '.ko' in record #" + i + ".");
            }
            if (destName.endsWith(".o") || destName.endsWith(".ko")) {
                errors.add(ERROR + "'DEST_MODULE_NAME' directive ends in '.o' or '.ko' in record #" + i + ".");
            }
            String destLocation = policy.override(rawDest);
            checkDestLocation(rawDest, i, errors);
            lowerBuiltNames.put(i, builtName);
            lowerBuiltLocations.put(i, builtLocation);
            lowerDestNames.put(i, destName);
            lowerDestLocations.put(i, destLocation);
            modules.add(new ModuleSpec(i, builtName, builtLocation, destName, destLocation, rawDest,
                    !"no".equals(strip.get(i)), BuildExclusive.at(e, i)));
        }
        for (TreeMap<Integer, String> array : List.of(lowerBuiltNames, lowerBuiltLocations, lowerDestNames,
                lowerDestLocations)) {
            if (array.size() != count) {
                errors.add(ERROR + "Module name/location array length mismatch.");
            }
        }
        return modules;
    }

    /** STRIP[i]: n… → no, y… → yes, empty → strip[0] or yes; anything else leaves strip[i] as it was. */
    private static void decideStrip(String value, int index, TreeMap<Integer, String> strip) {
        if (value.isEmpty()) {
            String first = strip.getOrDefault(0, "");
            strip.put(index, first.isEmpty() ? "yes" : first);
        } else if (value.charAt(0) == 'n' || value.charAt(0) == 'N') {
            strip.put(index, "no");
        } else if (value.charAt(0) == 'y' || value.charAt(0) == 'Y') {
            strip.put(index, "yes");
        }
    }

    private static void checkDestLocation(String raw, int index, List<String> errors) {
        if (raw.isEmpty()) {
            errors.add(ERROR + "No 'DEST_MODULE_LOCATION' directive specified for record #" + index + ".");
        } else if (!raw.startsWith("/kernel") && !raw.startsWith("/updates") && !raw.startsWith("/extra")) {
            errors.add(ERROR + "Directive 'DEST_MODULE_LOCATION' does not begin with");
            errors.add("'/kernel', '/updates', or '/extra' in record #" + index + ".");
        }
    }
}
