package org.kmodfarm.loadtest;

import java.io.IOException;

/**
 * Boots throwaway virtual machines. Implementations are thread-safe: the scheduler boots several at once.
 * A machine never outlives {@link #boot}: at its time limit, or when the calling thread is interrupted, it is
 * killed, and whatever it needed on disk is removed before the call returns.
 */
public interface VmRunner {
    /**
     * Boots {@code spec} and waits until the machine powers off, dies or reaches its time limit.
     *
     * @throws IOException          when the machine could not be started at all (no emulator, no disk)
     * @throws InterruptedException when the thread was interrupted; the machine is killed first
     */
    VmRun boot(VmSpec spec) throws IOException, InterruptedException;
}
