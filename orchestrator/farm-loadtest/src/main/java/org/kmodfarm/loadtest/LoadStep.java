package org.kmodfarm.loadtest;

import java.util.Objects;

/**
 * One module the machine loads, in order.
 *
 * @param name   the module's name ({@code hello})
 * @param file   its file name in the initramfs's {@code /modules/}
 * @param shipped true for a module the kernel package ships that a cell module needs; false for the cell's own
 */
public record LoadStep(String name, String file, boolean shipped) {
    public LoadStep {
        Objects.requireNonNull(name, "name");
        if (!file.matches("[A-Za-z0-9_.+-]+\\.ko")) {
            throw new IllegalArgumentException("not a module file name for the initramfs: '" + file + "'");
        }
    }
}
