package org.kmodfarm.core.farm;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import org.kmodfarm.core.images.BuilderImage;
import org.kmodfarm.core.source.ModuleSource;

/**
 * Plans a run's cells: every source × every kernel image, each with its cache key and its inputs (packed once
 * per source, when first needed). Pure: no engine, no network.
 */
public final class CellPlanner {
    private final CellRuntime runtime;
    private final Map<String, CellInputs> packed = new ConcurrentHashMap<>();

    public CellPlanner(CellRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * @param imageMs per kernel image tag, how long ensuring it took
     */
    public List<PlannedCell> plan(List<ModuleSource> sources, List<BuilderImage> images, Map<String, Long> imageMs) {
        List<PlannedCell> cells = new ArrayList<>();
        for (ModuleSource s : sources) {
            for (BuilderImage image : images) {
                cells.add(new PlannedCell(s.origin(), s.directory(), s.treeHash(),
                        () -> packed.computeIfAbsent(s.treeHash(), h -> CellInputs.of(s, runtime)), image,
                        PlannedCell.cacheKey(s.treeHash(), runtime, image), imageMs.getOrDefault(image.tag(), 0L)));
            }
        }
        return cells;
    }
}
