package org.kmodfarm.loadtest;

import java.util.Objects;
import org.kmodfarm.model.LoadVerdict;

/**
 * A verdict with its reason.
 *
 * @param infrastructure true when the cause was the machinery (no boot, no package, no emulator), not the
 *                       module: such a NOT_TESTED makes the command exit 3
 */
public record LoadOutcome(LoadVerdict verdict, String reason, boolean infrastructure) {
    public LoadOutcome {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        if (infrastructure && verdict != LoadVerdict.NOT_TESTED) {
            throw new IllegalArgumentException("only NOT_TESTED can be the infrastructure's doing");
        }
    }

    static LoadOutcome of(LoadVerdict verdict, String reason) {
        return new LoadOutcome(verdict, reason, false);
    }

    static LoadOutcome infra(String reason) {
        return new LoadOutcome(LoadVerdict.NOT_TESTED, reason, true);
    }
}
