package org.kmodfarm.core.farm;

import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.core.source.ModuleSource;

/**
 * What a cell's container receives, as one uncompressed tar: the module source under {@code src/} (owned by
 * root, so the unprivileged build cannot change it) and the cell runner {@code kmodfarm-cell.jar}. Content-addressed:
 * the same source and runner give the same digest, whatever machine executes the cell.
 *
 * @param digest sha256 of the source tree hash and the runner's digest
 */
public record CellInputs(String digest, byte[] tar) {
    public CellInputs {
        tar = tar.clone();
    }

    /** Packs a module source with the cell runner. */
    public static CellInputs of(ModuleSource source, CellRuntime runtime) {
        byte[] tar = new TarWriter().tree(source.directory(), "src").file(CellRuntime.JAR_NAME, runtime.jar(), 0644)
                .toBytes();
        return new CellInputs(Digests.sha256Lines("source " + source.treeHash(), "runner " + runtime.digest()), tar);
    }

    @Override
    public byte[] tar() {
        return tar.clone();
    }
}
