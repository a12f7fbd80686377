package org.kmodfarm.report;

import java.util.List;
import java.util.Objects;
import org.kmodfarm.core.farm.CellLoad;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.RunSummary;

/**
 * One cell of a report.
 *
 * @param module     the module's name; for a cell that never ran, the name of its source folder
 * @param version    the module version; empty for a cell that never ran (it was never evaluated)
 * @param row        the run summary's row
 * @param result     the cell's record for this run; null unless {@code source} is RUN_RECORD, CELL_RECORD or
 *                   CACHE_ENTRY
 * @param source     where {@code result} came from
 * @param record     digest of the record's object under {@code objects/}, null when the tree holds none
 * @param comparison the comparison class; null for SKIPPED, ERROR and cells that never ran
 * @param baseline   what the cell was compared with; null when it has no class or is NEW
 * @param logTail    the last lines of make.log (else build.log) for FAILED, ERROR and TIMEOUT cells; empty
 *                   otherwise or when the log is gone
 * @param load       the load test of the cell's modules (this run's record, else a later load test of the same
 *                   build); null when they were never load-tested
 */
public record ReportCell(String module, String version, String kernel, String arch, RunSummary.Cell row,
                         CellResult result, RecordSource source, String record, Comparison comparison,
                         Baseline baseline, List<String> logTail, CellLoad load) {
    public ReportCell {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(source, "source");
        logTail = List.copyOf(logTail);
        boolean found = source == RecordSource.RUN_RECORD || source == RecordSource.CELL_RECORD
                || source == RecordSource.CACHE_ENTRY;
        if ((result != null) != found) {
            throw new IllegalArgumentException("a result goes with RUN_RECORD, CELL_RECORD or CACHE_ENTRY, not "
                    + source);
        }
        if (record != null && result == null) {
            throw new IllegalArgumentException("a record digest without its record");
        }
    }

    /** {@code NAME/VERSION}, the JUnit suite and Markdown group; the folder name for a cell that never ran. */
    public String moduleVersion() {
        return version.isEmpty() ? module : module + "/" + version;
    }

    /** The first error as {@code file:line: message}, else the reason. */
    public String detail() {
        return row.firstError() == null || row.firstError().isEmpty() ? nullToEmpty(row.reason()) : row.firstError();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
