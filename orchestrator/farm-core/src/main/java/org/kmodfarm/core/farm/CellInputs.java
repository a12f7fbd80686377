package org.kmodfarm.core.farm;

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

    @Override
    public byte[] tar() {
        return tar.clone();
    }
}
