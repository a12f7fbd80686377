package org.kmodfarm.core.farm;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A cell that waits for other cells of its run: the BUILD_DEPENDS of its module on the same kernel. It starts
 * once they are stored; when one of them did not build, it is SKIPPED with DKMS's reason and never started.
 *
 * @param provisional the cell as planned without its dependencies (it names the cell in summaries)
 * @param module      {@code NAME/VERSION}, for the skip reason
 * @param dependsOn   indexes, in the run's list, of the cells it waits for; all before this one
 * @param unregistered dependencies no cell of the run builds (not in the tree, or in a dependency cycle): the
 *                     cell is SKIPPED at once when there is one
 * @param resolve     the cell to run, given its dependencies' results (all BUILT), in {@code dependsOn} order
 */
public record DependentCell(PlannedCell provisional, String module, List<Integer> dependsOn,
                            List<String> unregistered, Function<List<CellResult>, PlannedCell> resolve) {
    public DependentCell {
        Objects.requireNonNull(provisional, "provisional");
        Objects.requireNonNull(module, "module");
        dependsOn = List.copyOf(dependsOn);
        unregistered = List.copyOf(unregistered);
        Objects.requireNonNull(resolve, "resolve");
    }

    /** A cell that waits for nothing. */
    public static DependentCell independent(PlannedCell cell) {
        return new DependentCell(cell, "", List.of(), List.of(), deps -> cell);
    }

    /** DKMS 3.2.2's autoinstall message for a module whose dependencies are not there. */
    static String missingDependencies(String module, List<String> names) {
        return module + " autoinstall failed due to missing dependencies: " + String.join(" ", names) + ".";
    }
}
