package org.kmodfarm.model.spi;

/**
 * Makes a cell's inputs reach remote nodes as an image: a small layer holding the inputs in {@code /build} on top
 * of the cell's builder image, placed where the runtime's nodes pull from (a registry, or loaded into them).
 * Thread-safe.
 */
public interface CellImagePublisher {
    /**
     * @param builderImage the builder image of the cell's kernel, as the plan names it
     * @param inputTar     an uncompressed tar unpacked into {@code /build}
     * @return the per-cell image as the runtime names it, pinned by digest when it travels through a registry
     * @throws org.kmodfarm.model.InfraException when the image cannot be made or placed
     */
    String publish(String builderImage, byte[] inputTar) throws InterruptedException;

    /** Forgets a published per-cell image once its cell has run (it is small but there is one per cell). */
    void discard(String image);
}
