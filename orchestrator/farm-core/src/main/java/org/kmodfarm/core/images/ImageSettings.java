package org.kmodfarm.core.images;

import java.time.Duration;
import java.util.Objects;

/**
 * How builder images are made.
 *
 * @param baseSource      where root filesystems come from
 * @param pullTimeout     how long a pull may take before kmodfarm falls back to bootstrapping
 * @param checkValidUntil whether apt refuses Release files past their Valid-Until date; off by default
 *                        because builds pin exact package versions (apt still checks signatures) and
 *                        snapshot mirrors, common in build farms, serve expired Release files
 */
public record ImageSettings(BaseSource baseSource, Duration pullTimeout, boolean checkValidUntil) {
    public ImageSettings {
        Objects.requireNonNull(baseSource, "baseSource");
        Objects.requireNonNull(pullTimeout, "pullTimeout");
    }
}
