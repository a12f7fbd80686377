package org.kmodfarm.loadtest;

import java.util.List;
import java.util.Objects;
import org.kmodfarm.core.farm.CellId;
import org.kmodfarm.model.LoadVerdict;

/**
 * A cell's load test in full, written as {@code .kmodfarm/cells/NAME/VERSION/KERNEL/ARCH/load.json} (README:
 * "Load tests").
 *
 * @param buildCacheKey   the cache key of the build whose modules were loaded
 * @param infrastructure  true when NOT_TESTED was the machinery's fault
 * @param accel           {@code kvm} or {@code tcg}; empty when no machine ran
 * @param bootedKernel    {@code uname -r} in the machine; empty when it did not boot
 * @param imagePackage    {@code NAME VERSION} of the kernel image package; empty when there is none
 * @param kernelDecompress whether the kernel was built with {@code CONFIG_MODULE_DECOMPRESS}: recorded only, since
 *                        busybox's insmod never asks the kernel to decompress; modules go in uncompressed
 * @param modules         every module loaded, shipped dependencies first, with what insmod and rmmod said
 * @param missing         dependencies neither the cell, the kernel image nor the kernel itself provides
 * @param alarms          the kernel log's alarming lines (oops, BUG, WARNING, panic, unknown symbol)
 * @param prepareMs       initramfs and dependency preparation
 * @param bootMs          the machine's wall-clock time, boot to power-off
 * @param consoleLog      digest of the console log object; empty when no machine ran
 */
public record LoadReport(int schema, CellId cell, String buildCacheKey, LoadVerdict verdict, String reason,
                         boolean infrastructure, String accel, String bootedKernel, String imagePackage,
                         boolean kernelDecompress, List<Module> modules, List<String> missing, long taintBefore,
                         long taintAfter, String taintFlags, List<String> alarms, boolean timedOut, long prepareMs,
                         long bootMs, String consoleLog, String runId, String testedAt) {
    public static final int SCHEMA = 1;

    public LoadReport {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(verdict, "verdict");
        modules = List.copyOf(modules);
        missing = List.copyOf(missing);
        alarms = List.copyOf(alarms);
    }

    /**
     * One module of the machine.
     *
     * @param shipped       true for a dependency taken from the kernel image package
     * @param insmodStatus  insmod's exit status; -1 when it never ran (the machine stopped first)
     * @param rmmodStatus   rmmod's exit status; null when it was not tried (not loaded, or a shipped module)
     */
    public record Module(String name, String file, boolean shipped, int insmodStatus, String insmodMessage,
                         Integer rmmodStatus, String rmmodMessage) {
    }
}
