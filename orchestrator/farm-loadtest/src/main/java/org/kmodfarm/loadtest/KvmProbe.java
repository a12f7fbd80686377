package org.kmodfarm.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Chooses the accelerator of a run, once: KVM when {@code /dev/kvm} is usable and a machine actually boots with
 * it (one short boot of a real kernel with an empty load list, under a tight limit: a KVM that is present but
 * hangs was seen), else TCG.
 */
public final class KvmProbe {
    /** A KVM boot of a Debian kernel with an empty initramfs takes a second or two; TCG about five. */
    static final Duration LIMIT = Duration.ofSeconds(10);

    private KvmProbe() {
    }

    /** The probe's answer and why. */
    public record Choice(Accel accel, String why) {
    }

    /**
     * @param kvmDevice {@code /dev/kvm}
     */
    public static Choice choose(VmRunner runner, Path kvmDevice, KernelKit kit) throws InterruptedException {
        if (!Files.isReadable(kvmDevice) || !Files.isWritable(kvmDevice)) {
            return new Choice(Accel.TCG, kvmDevice + " is not usable");
        }
        byte[] initramfs = Initramfs.build(kit.busybox(), List.of(), Map.of());
        try {
            VmRun run = runner.boot(new VmSpec(kit.image().vmlinuz(), initramfs, VmSpec.CMDLINE, 256, LIMIT,
                    Accel.KVM));
            if (ConsoleParser.parse(run.console()).ended()) {
                return new Choice(Accel.KVM, "a KVM boot answered in " + run.durationMs() + " ms");
            }
            return new Choice(Accel.TCG, run.timedOut() ? "a KVM boot did not answer within " + LIMIT.toSeconds()
                    + " s" : "a KVM boot stopped early (emulator exit " + run.exitCode() + ")");
        } catch (IOException e) {
            return new Choice(Accel.TCG, "QEMU refused KVM: " + e.getMessage());
        }
    }
}
