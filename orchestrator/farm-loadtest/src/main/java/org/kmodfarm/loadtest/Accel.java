package org.kmodfarm.loadtest;

import java.util.Locale;

/** How QEMU runs the guest: hardware virtualisation, or its own translator (slower, works everywhere). */
public enum Accel {
    KVM,
    TCG;

    /** The value of QEMU's {@code -accel}. */
    public String qemuName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
