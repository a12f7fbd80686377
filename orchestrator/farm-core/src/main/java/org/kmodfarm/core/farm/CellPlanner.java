package org.kmodfarm.core.farm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kmodfarm.core.images.BuilderImage;
import org.kmodfarm.core.source.ModuleSource;

/**
 * Plans a run's cells: every source × every kernel image, each with its cache key and its inputs (packed once
 * per source, when first needed). Pure: no engine, no network.
 */
public final class CellPlanner {
    private final CellRuntime runtime;
    private final List<String> signing;
    private final Map<String, CellInputs> packed = new ConcurrentHashMap<>();

    public CellPlanner(CellRuntime runtime) {
        this(runtime, java.util.Optional.empty());
    }

    /**
     * @param signingKeyLine the signing identity ({@link SigningFiles#keyLine()}) when modules are signed: the
     *                       cache then holds signed modules, served only while the same certificate signs
     */
    public CellPlanner(CellRuntime runtime, java.util.Optional<String> signingKeyLine) {
        this.runtime = runtime;
        this.signing = signingKeyLine.stream().toList();
    }

    /**
     * @param imageMs per kernel image tag, how long ensuring it took
     */
    public List<PlannedCell> plan(List<ModuleSource> sources, List<BuilderImage> images, Map<String, Long> imageMs) {
        List<PlannedCell> cells = new ArrayList<>();
        for (ModuleSource s : sources) {
            for (BuilderImage image : images) {
                cells.add(plan(s, image, imageMs.getOrDefault(image.tag(), 0L), List.of()));
            }
        }
        return cells;
    }

    /**
     * One cell whose BUILD_DEPENDS were built for the same kernel: their {@code Module.symvers} go into its inputs
     * and their digests into its cache key (a dependency exporting other symbols builds it again).
     */
    public PlannedCell plan(ModuleSource s, BuilderImage image, long imageMs, List<DependencyInput> dependencies) {
        List<String> key = new ArrayList<>(PlannedCell.cacheKeyLines(s.treeHash(), runtime, image));
        key.addAll(signing);
        dependencies.forEach(d -> key.add(d.keyLine()));
        return new PlannedCell(s.origin(), s.directory(), s.treeHash(), dependencies.isEmpty()
                ? () -> packed.computeIfAbsent(s.treeHash(), h -> CellInputs.of(s, runtime, List.of()))
                : () -> CellInputs.of(s, runtime, dependencies), image,
                Digests.sha256Lines(key.toArray(String[]::new)), imageMs);
    }
}
