package org.kmodfarm.cli;

/** kmodfarm's exit codes (DESIGN.md §4); one place so that every command agrees. */
public final class ExitCodes {
    /** Everything asked for was done (every cell BUILT or SKIPPED). */
    public static final int OK = 0;
    /** At least one cell FAILED or TIMED OUT. */
    public static final int FAILED = 1;
    /** Usage or bad input: a bad option, matrix file, configuration or dkms.conf. */
    public static final int BAD_INPUT = 2;
    /** Infrastructure: the engine, the mirror, a tool, the disk. */
    public static final int INFRA = 3;
    /** A {@code --fail-on} condition was met (it decides instead of {@link #FAILED}). */
    public static final int FAIL_ON = 4;
    /** Interrupted (Ctrl-C). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
