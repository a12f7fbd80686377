package org.kmodfarm.kubernetes;

import org.kmodfarm.model.spi.SandboxExit;

/** Where a cell's Job stands, read from the Job and its pod. */
sealed interface TaskState {
    /** Not running yet: no pod, no node, or the image still coming. */
    record Pending(String why) implements TaskState {
    }

    /** The cell's container runs. */
    record Running() implements TaskState {
    }

    /** The container ended by itself (or was killed for its memory); its log is complete. */
    record Ended(SandboxExit exit, String pod) implements TaskState {
    }

    /** The Job's deadline passed and the cluster stopped it; {@code pod} is empty when none ever started. */
    record DeadlineExceeded(String pod) implements TaskState {
    }

    /** The cell was lost to the infrastructure (node gone, evicted, image not pullable, Job deleted). */
    record Lost(String why) implements TaskState {
    }
}
