package org.kmodfarm.report;

/**
 * Where a report found a cell's {@code result.json} for the reported run. Runs keep each cell's record
 * content-addressed and name it in their summary; for summaries written before that, the cell's folder (whose
 * record later runs overwrite) and the cache are searched, and a record that is gone is reported as such rather
 * than replaced by another run's.
 */
public enum RecordSource {
    /** The run's own record, kept under {@code objects/} by the digest its summary row names. */
    RUN_RECORD,
    /** {@code cells/…/result.json} is this run's record. */
    CELL_RECORD,
    /** The cell record was replaced; the cache entry of the row's cache key is this run's record. */
    CACHE_ENTRY,
    /** A later run replaced the record and no cache entry holds this run's: only the summary row is known. */
    REPLACED,
    /** No record at all. */
    MISSING,
    /** The cell never started (an earlier failure stopped the run). */
    NOT_RUN
}
