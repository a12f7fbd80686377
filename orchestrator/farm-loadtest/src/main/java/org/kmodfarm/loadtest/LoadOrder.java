package org.kmodfarm.loadtest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Modules in dependency order: each after the modules it names in {@code depends=}, ties by name. */
final class LoadOrder {
    private LoadOrder() {
    }

    /**
     * @param depends every module to load → the modules it depends on (names outside the map are ignored:
     *                built into the kernel, or missing, which insmod will report)
     */
    static List<String> of(Map<String, List<String>> depends) {
        Map<String, List<String>> sorted = new TreeMap<>(depends);
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        for (String name : sorted.keySet()) {
            visit(name, sorted, done, visiting, order);
        }
        return order;
    }

    private static void visit(String name, Map<String, List<String>> depends, Set<String> done, Set<String> visiting,
            List<String> order) {
        if (done.contains(name) || !depends.containsKey(name) || !visiting.add(name)) {
            return; // a cycle is broken where it closes: the kernel would refuse it anyway
        }
        for (String d : depends.get(name).stream().sorted().toList()) {
            visit(d, depends, done, visiting, order);
        }
        visiting.remove(name);
        done.add(name);
        order.add(name);
    }
}
