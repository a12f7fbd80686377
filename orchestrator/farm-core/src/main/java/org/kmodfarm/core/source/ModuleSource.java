package org.kmodfarm.core.source;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One kernel module's source, ready to build: a directory holding {@code dkms.conf}.
 *
 * @param origin    the command-line argument it came from, as the user typed it (for messages)
 * @param directory the directory holding {@code dkms.conf}: the user's own directory (never copied), or
 *                  where an archive was extracted; absolute
 * @param treeHash  {@link TreeHash} of {@code directory}: equal trees give equal hashes on every machine
 */
public record ModuleSource(String origin, Path directory, String treeHash) {
    public ModuleSource {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(treeHash, "treeHash");
        if (!directory.isAbsolute()) {
            throw new IllegalArgumentException("directory must be absolute: " + directory);
        }
        if (!treeHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("treeHash must be 64 lowercase hex digits: '" + treeHash + "'");
        }
    }
}
