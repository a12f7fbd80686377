package org.kmodfarm.archive;

import java.io.IOException;

/**
 * An archive entry that extraction refuses because it could reach outside the destination or is not a plain
 * file, directory or link: an absolute name, a {@code ..} component, a link leaving the tree, a device or
 * FIFO. Separate from other {@link IOException}s so callers can tell a hostile archive from a damaged one.
 */
public final class UnsafeEntryException extends IOException {
    private final String entry;

    public UnsafeEntryException(String entry, String why) {
        super("unsafe entry '" + entry + "': " + why);
        this.entry = entry;
    }

    /** The entry's name as stored in the archive. */
    public String entry() {
        return entry;
    }
}
