package org.kmodfarm.core.farm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.KernelRelease;

/**
 * The last good build of a module in a kernel family (distro, release, flavour, arch): the newest kernel of the
 * family on which some version of the module built, as the newest run that built it left it. While a new
 * kernel fails, hosts can stay on this kernel with these modules; packaging and installs can fall back to it.
 * Its artifacts stay in {@code objects/} (gc keeps them).
 *
 * @param record  digest of the cell's result.json of that run, under {@code objects/}
 * @param modules the built modules (their bytes are the objects they name)
 */
public record LastGood(String module, String version, String kernel, String arch, String distro, String release,
                       String flavour, String runId, String builtAt, String record, List<ModuleInfo> modules) {
    public LastGood {
        modules = List.copyOf(modules);
    }

    /** The family's key: module, distro, release, flavour and arch. */
    public String family() {
        return module + " " + distro + "/" + release + "/" + flavour + "/" + arch;
    }

    /** Every module's last good build per family, ordered by module then family. */
    public static List<LastGood> of(FarmTree tree) throws IOException {
        return of(tree, new RunIndex(tree).runs());
    }

    /**
     * As {@link #of}, from these runs only (those the caller has read already, cut where it wants).
     *
     * @param runs oldest first, as {@link RunIndex#runs} gives them
     */
    public static List<LastGood> of(FarmTree tree, List<RunSummary> runs) throws IOException {
        Map<String, LastGood> best = new LinkedHashMap<>();
        for (RunSummary run : runs) {
            for (RunSummary.Cell row : run.cells()) {
                Optional<CellResult> kept = row.outcome() == CellOutcome.BUILT ? tree.keptRecord(row)
                        : Optional.empty();
                if (kept.isEmpty() || kept.get().target() == null || kept.get().target().distro() == null) {
                    continue;
                }
                CellResult r = kept.get();
                LastGood candidate = new LastGood(r.cell().module(), r.cell().version(), r.cell().kernel(),
                        r.cell().arch(), r.target().distro(), r.target().release(), r.target().flavour(),
                        run.runId(), r.finishedAt(), row.record(), r.modules());
                LastGood known = best.get(candidate.family());
                // runs come oldest first: a later build of the same kernel replaces an earlier one
                if (known == null || compareKernels(candidate.kernel(), known.kernel()) >= 0) {
                    best.put(candidate.family(), candidate);
                }
            }
        }
        List<LastGood> all = new ArrayList<>(best.values());
        all.sort(Comparator.comparing(LastGood::module).thenComparing(LastGood::family));
        return all;
    }

    private static int compareKernels(String a, String b) {
        try {
            return KernelRelease.parse(a).compareTo(KernelRelease.parse(b));
        } catch (IllegalArgumentException e) {
            // not uname -r forms: plain text order
            return a.compareTo(b);
        }
    }
}
