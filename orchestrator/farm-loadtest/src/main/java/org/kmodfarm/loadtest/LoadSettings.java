package org.kmodfarm.loadtest;

import java.time.Duration;
import java.util.Objects;

/**
 * How a run boots its machines.
 *
 * @param accel    the accelerator every machine of the run uses (chosen once: {@link KvmProbe})
 * @param memoryMb guest memory of each machine
 * @param timeout  wall-clock limit of one machine
 */
public record LoadSettings(Accel accel, int memoryMb, Duration timeout) {
    public LoadSettings {
        Objects.requireNonNull(accel, "accel");
        Objects.requireNonNull(timeout, "timeout");
    }
}
