package org.kmodfarm.core.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleOrderTest {
    @Test
    void eachModuleComesAfterWhatItDependsOnOtherwiseInTheOrderGiven() {
        Map<String, List<String>> depends = new LinkedHashMap<>();
        depends.put("z", List.of());
        depends.put("b", List.of("c", "videodev"));
        depends.put("a", List.of());
        depends.put("c", List.of());
        assertEquals(List.of("z", "c", "b", "a"), ModuleOrder.of(depends), "videodev is not in the set: skipped");
    }

    @Test
    void aCycleIsBrokenWhereItCloses() {
        Map<String, List<String>> depends = new LinkedHashMap<>();
        depends.put("a", List.of("b"));
        depends.put("b", List.of("a"));
        assertEquals(List.of("b", "a"), ModuleOrder.of(depends));
    }
}
