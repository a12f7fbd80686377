package org.kmodfarm.model;

/**
 * What happened when a BUILT cell's modules were loaded into its own kernel, booted in a virtual machine: a
 * column of its own, beside the build outcome (DESIGN.md §4).
 */
public enum LoadVerdict {
    /** Every module loaded, and the kernel said nothing alarming (no oops, BUG, WARNING or panic). */
    LOADED,
    /** A module's init returned -ENODEV: it loads, but wants hardware the virtual machine lacks. Not a failure. */
    LOADED_NO_DEVICE,
    /** insmod refused a module (unknown symbol, bad version magic, init error), or the kernel oopsed or panicked. */
    LOAD_FAILED,
    /** Not tried: the kernel has no image package, or the virtual machine could not be booted (infrastructure). */
    NOT_TESTED;

    /** True for the verdicts that need no fixing. */
    public boolean good() {
        return this != LOAD_FAILED;
    }
}
