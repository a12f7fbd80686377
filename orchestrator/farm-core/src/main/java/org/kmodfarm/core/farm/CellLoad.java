package org.kmodfarm.core.farm;

import java.util.Objects;
import org.kmodfarm.model.LoadVerdict;

/**
 * The load test of a BUILT cell as its {@code result.json} names it ({@code load}); the details are in the
 * cell's {@code load.json} and its console log, both also kept content-addressed. A record without it was
 * never load-tested; a rebuild of the cell writes a record without it, since the modules changed.
 *
 * @param verdict    what happened
 * @param reason     one line: the first alarming console line, the failing insmod, or why it was not tested
 * @param taint      {@code /proc/sys/kernel/tainted} after the modules were loaded; -1 when not read
 * @param taintFlags the taint bits as the kernel's letters ({@code OE}); empty when none
 * @param unloaded   whether every loaded module was removed again by rmmod; null when none was loaded
 * @param accel      how the machine ran: {@code kvm} or {@code tcg}; empty when it did not run
 * @param bootMs     boot, load, unload and power-off, as measured around the virtual machine
 * @param details    digest of the {@code load.json} object
 * @param consoleLog digest of the console log object; empty when the machine did not run
 */
public record CellLoad(LoadVerdict verdict, String reason, long taint, String taintFlags, Boolean unloaded,
                       String accel, long bootMs, String details, String consoleLog, String runId,
                       String testedAt) {
    public CellLoad {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(taintFlags, "taintFlags");
        Objects.requireNonNull(accel, "accel");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(consoleLog, "consoleLog");
    }
}
