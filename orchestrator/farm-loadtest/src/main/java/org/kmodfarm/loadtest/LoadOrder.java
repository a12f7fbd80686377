package org.kmodfarm.loadtest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kmodfarm.core.farm.ModuleOrder;

/** Modules in dependency order: each after the modules it names in {@code depends=}, ties by name. */
final class LoadOrder {
    private LoadOrder() {
    }

    /**
     * @param depends every module to load → the modules it depends on (names outside the map are ignored:
     *                built into the kernel, or missing, which insmod will report)
     */
    static List<String> of(Map<String, List<String>> depends) {
        Map<String, List<String>> sorted = new TreeMap<>();
        depends.forEach((name, on) -> sorted.put(name, on.stream().sorted().toList()));
        return ModuleOrder.of(sorted);
    }
}
