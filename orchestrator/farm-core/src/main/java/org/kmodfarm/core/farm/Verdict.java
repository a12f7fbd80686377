package org.kmodfarm.core.farm;

import java.util.Objects;
import java.util.Optional;
import org.kmodfarm.model.CellOutcome;

/**
 * A cell's classification.
 *
 * @param reason     one line saying why, for people
 * @param firstError the first error of a failed build, if one was found
 * @param badInput   true when DKMS refused the module's dkms.conf: the user's input, not the build, is wrong
 */
public record Verdict(CellOutcome outcome, String reason, Optional<FirstError> firstError, boolean badInput) {
    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(firstError, "firstError");
    }

    static Verdict of(CellOutcome outcome, String reason) {
        return new Verdict(outcome, reason, Optional.empty(), false);
    }
}
