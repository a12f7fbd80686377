package org.kmodfarm.core.farm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kernel modules in an order they can be loaded: each after the modules of the set it depends on
 * ({@code depends=} of its modinfo), otherwise in the order given. Shared by the load test's initramfs and the
 * SUSE driver update's {@code module.order}.
 */
public final class ModuleOrder {
    private ModuleOrder() {
    }

    /**
     * @param depends every module → the modules it depends on, both iterated in the order wanted among modules
     *                that do not depend on each other; names outside the map are skipped (built into the kernel,
     *                or missing, which the loader will report)
     */
    public static List<String> of(Map<String, List<String>> depends) {
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        for (String name : depends.keySet()) {
            visit(name, depends, done, visiting, order);
        }
        return order;
    }

    private static void visit(String name, Map<String, List<String>> depends, Set<String> done, Set<String> visiting,
            List<String> order) {
        if (done.contains(name) || !depends.containsKey(name) || !visiting.add(name)) {
            return; // a cycle is broken where it closes: the kernel would refuse it anyway
        }
        for (String d : depends.get(name)) {
            visit(d, depends, done, visiting, order);
        }
        visiting.remove(name);
        done.add(name);
        order.add(name);
    }
}
