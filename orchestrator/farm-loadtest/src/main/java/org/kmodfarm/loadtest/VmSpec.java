package org.kmodfarm.loadtest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One throwaway machine: a kernel, an initramfs, a command line, memory and a wall-clock limit. No disk, no
 * network; the serial console is all that comes back.
 *
 * @param kernel    the bootable image (read, never changed)
 * @param initramfs the gzipped cpio archive
 * @param memoryMb  guest memory
 * @param timeout   after this the machine is killed, whatever it is doing
 */
public record VmSpec(Path kernel, byte[] initramfs, String cmdline, int memoryMb, Duration timeout, Accel accel) {
    public VmSpec {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initramfs, "initramfs");
        Objects.requireNonNull(cmdline, "cmdline");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(accel, "accel");
        if (memoryMb < 64) {
            throw new IllegalArgumentException("a guest needs at least 64 MiB, not " + memoryMb);
        }
    }

    /** The command line every load test boots with: serial console, quiet, and a panic ends the machine. */
    public static final String CMDLINE = "console=ttyS0 quiet panic=-1";
}
