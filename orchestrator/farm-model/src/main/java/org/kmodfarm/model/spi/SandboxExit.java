package org.kmodfarm.model.spi;

/** How a sandboxed command ended. */
public sealed interface SandboxExit {
    /** The command ran to its end with this status. */
    record Exited(int status) implements SandboxExit {
    }

    /** The wall-clock limit passed; the container was killed. */
    record TimedOut() implements SandboxExit {
    }

    /** The kernel killed it for exceeding its memory limit. */
    record OutOfMemory() implements SandboxExit {
    }

    /** It left more than {@code limitBytes} in {@code /build/out}; nothing of it was kept. */
    record OutputTooLarge(long limitBytes) implements SandboxExit {
    }
}
