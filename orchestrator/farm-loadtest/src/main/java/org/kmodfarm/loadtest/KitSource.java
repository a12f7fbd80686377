package org.kmodfarm.loadtest;

import org.kmodfarm.model.KernelTarget;

/** Where a load test gets what booting a kernel takes. Implementations are thread-safe. */
@FunctionalInterface
public interface KitSource {
    /** The kit of {@code target}'s kernel; an incomplete kit says why, this never throws for a missing package. */
    KernelKit get(KernelTarget target);
}
