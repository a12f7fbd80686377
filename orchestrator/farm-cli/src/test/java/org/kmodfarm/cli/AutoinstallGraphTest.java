package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodfarm.core.source.ModuleSource;

class AutoinstallGraphTest {
    private static AutoinstallGraph.Registered module(String id, boolean autoinstall, String... depends) {
        String[] nv = id.split("/");
        return new AutoinstallGraph.Registered(nv[0], nv[1], new ModuleSource(id, Path.of("/src", nv[0], nv[1]),
                "0".repeat(64)), autoinstall, List.of(depends));
    }

    private static List<String> describe(List<AutoinstallGraph.Node> nodes) {
        return nodes.stream().map(n -> n.module().id() + " after " + n.dependsOn() + " missing "
                + n.unregistered()).toList();
    }

    @Test
    void dependenciesComeFirstAndOnlyAutoinstallModulesAndWhatTheyNeedAreBuilt() {
        var nodes = AutoinstallGraph.order(List.of(module("c/1", true, "b"), module("b/1", false, "a"),
                module("a/1", false), module("unwanted/1", false), module("solo/2", true)));
        assertEquals(List.of("a/1 after [] missing []", "b/1 after [0] missing []", "c/1 after [1] missing []",
                "solo/2 after [] missing []"), describe(nodes));
    }

    @Test
    void theLatestVersionOfADependencyIsTheOneWaitedFor() {
        var nodes = AutoinstallGraph.order(List.of(module("a/1.9", true), module("a/1.10", true),
                module("b/1", true, "a")));
        assertEquals(List.of("a/1.9 after [] missing []", "a/1.10 after [] missing []", "b/1 after [1] missing []"),
                describe(nodes));
    }

    @Test
    void unregisteredAndCircularDependenciesAreMissing() {
        var nodes = AutoinstallGraph.order(List.of(module("x/1", true, "nowhere"), module("p/1", true, "q"),
                module("q/1", true, "p"), module("self/1", true, "self")));
        assertEquals(List.of("x/1 after [] missing [nowhere]", "p/1 after [] missing [q]",
                "q/1 after [] missing [p]", "self/1 after [] missing [self]"), describe(nodes));
    }
}
