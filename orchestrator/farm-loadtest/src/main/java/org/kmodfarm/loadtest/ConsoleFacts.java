package org.kmodfarm.loadtest;

import java.util.List;

/**
 * What a load test's console says, before any judgement.
 *
 * @param booted      whether {@code /init} ran (the kernel booted)
 * @param kernel      {@code uname -r} inside the machine; empty when it did not boot
 * @param taintBefore {@code /proc/sys/kernel/tainted} before the first insmod; -1 when not printed
 * @param taintAfter  the same after the last insmod; -1 when not printed
 * @param insmods     every insmod, in order
 * @param rmmods      every rmmod, in order
 * @param kernelLog   the kernel's log from the load test's mark on (the modules' doing); when {@code dmesg} never
 *                    ran (a panic, a hang), the kernel lines of the console after the first insmod instead
 * @param panic       the {@code Kernel panic} line; empty when none
 * @param ended       whether {@code /init} reached its end
 */
public record ConsoleFacts(boolean booted, String kernel, long taintBefore, long taintAfter, List<Command> insmods,
                           List<Command> rmmods, List<String> kernelLog, String panic, boolean ended) {
    public ConsoleFacts {
        insmods = List.copyOf(insmods);
        rmmods = List.copyOf(rmmods);
        kernelLog = List.copyOf(kernelLog);
    }

    /**
     * One insmod or rmmod.
     *
     * @param shipped true for a module of the kernel package (a dependency), false for the cell's own
     * @param status  its exit status
     * @param message what it printed (one line)
     */
    public record Command(String module, boolean shipped, int status, String message) {
        public boolean ok() {
            return status == 0;
        }
    }
}
