package org.kmodfarm.report;

/**
 * Where a report found a cell's {@code result.json} for the reported run. Cell records are overwritten by later
 * runs, so an old run's record may be gone; the report says so rather than showing another run's record.
 */
public enum RecordSource {
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
