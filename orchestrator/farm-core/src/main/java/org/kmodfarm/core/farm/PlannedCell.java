package org.kmodfarm.core.farm;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import org.kmodfarm.core.images.BuilderImage;

/**
 * One cell ready to run: its source, the kernel's builder image, and the cache key of the raw inputs. Its
 * inputs are packed on first use, so that cells served from the cache cost no packing.
 *
 * @param origin     the source as the user named it (directory, tarball, package)
 * @param sourceDir  the directory holding dkms.conf
 * @param sourceHash the source tree's digest
 * @param imageMs    how long ensuring the image took, for the timings
 */
public record PlannedCell(String origin, Path sourceDir, String sourceHash, Supplier<CellInputs> inputs,
                          BuilderImage image,
                          String cacheKey, long imageMs) {
    public PlannedCell {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sourceDir, "sourceDir");
        Objects.requireNonNull(sourceHash, "sourceHash");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(cacheKey, "cacheKey");
    }

    /** The kernel release. */
    public String kernel() {
        return image.target().kernel().value();
    }

    /** The kernel's architecture name, as DKMS's tree uses it. */
    public String arch() {
        return image.target().arch().kernel();
    }

    /**
     * The lines whose digest is the cache key: everything that decides the cell's result, the source tree
     * (dkms.conf included), the cell runner, the image (compiler, headers), kernel and arch (and, added by the
     * planner, the dependencies' Module.symvers). Nothing about the machine or the time.
     */
    static java.util.List<String> cacheKeyLines(String sourceHash, CellRuntime runtime, BuilderImage image) {
        return java.util.List.of("kmodfarm-cell-key/1", "source " + sourceHash, "runner " + runtime.digest(),
                "image " + image.id(), "kernel " + image.target().kernel().value(),
                "arch " + image.target().arch().kernel());
    }
}
