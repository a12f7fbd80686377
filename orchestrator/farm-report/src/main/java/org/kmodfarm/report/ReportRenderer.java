package org.kmodfarm.report;

/** Renders a run report in one format. Output depends on the report only: same report, same text. */
public interface ReportRenderer {
    /** The whole document, ending with a newline. */
    String render(RunReport report);
}
