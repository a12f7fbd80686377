package org.kmodfarm.dkms;

/** Which of DKMS 3.2.2's readers to mirror. */
public enum ReadMode {
    /** {@code read_conf}: what every command does, including uninstall, unbuild, remove and status. */
    NORMAL,
    /**
     * {@code read_conf_strict}: what add, build, install and the dependency rebuild do. Adds deprecation
     * warnings, the zero-modules warning and the duplicate-module errors.
     */
    STRICT
}
