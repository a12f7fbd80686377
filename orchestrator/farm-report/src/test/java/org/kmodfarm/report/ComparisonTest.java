package org.kmodfarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kmodfarm.model.CellOutcome;

class ComparisonTest {
    @Test
    void classesFollowTheDesignTable() {
        assertEquals(Optional.of(Comparison.GOOD), Comparison.classify(CellOutcome.BUILT, CellOutcome.BUILT));
        assertEquals(Optional.of(Comparison.FIXED), Comparison.classify(CellOutcome.BUILT, CellOutcome.FAILED));
        assertEquals(Optional.of(Comparison.FIXED), Comparison.classify(CellOutcome.BUILT, CellOutcome.TIMEOUT));
        assertEquals(Optional.of(Comparison.REGRESSION), Comparison.classify(CellOutcome.FAILED, CellOutcome.BUILT));
        assertEquals(Optional.of(Comparison.REGRESSION),
                Comparison.classify(CellOutcome.TIMEOUT, CellOutcome.BUILT));
        assertEquals(Optional.of(Comparison.FAILING), Comparison.classify(CellOutcome.FAILED, CellOutcome.FAILED));
        assertEquals(Optional.of(Comparison.NEW), Comparison.classify(CellOutcome.BUILT, null));
        assertEquals(Optional.of(Comparison.NEW), Comparison.classify(CellOutcome.FAILED, null));
    }

    @Test
    void skippedErrorAndNotRunHaveNoClass() {
        assertEquals(Optional.empty(), Comparison.classify(CellOutcome.SKIPPED, CellOutcome.BUILT));
        assertEquals(Optional.empty(), Comparison.classify(CellOutcome.ERROR, CellOutcome.BUILT));
        assertEquals(Optional.empty(), Comparison.classify(null, CellOutcome.BUILT));
    }

    @Test
    void aBaselineMustBeAVerdict() {
        assertThrows(IllegalArgumentException.class, () -> Comparison.classify(CellOutcome.BUILT, CellOutcome.ERROR));
    }
}
