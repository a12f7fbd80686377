package org.kmodfarm.packaging.iso;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** Makes an ISO 9660 image of a folder: the one side effect of driver disks, behind a seam for tests. */
public interface IsoImager {
    /**
     * Writes {@code iso} from the files under {@code folder} (Rock Ridge and Joliet names), labelled
     * {@code volumeId}, every time stamp of the image {@code time}, so the same folder gives the same bytes.
     *
     * @throws org.kmodfarm.model.InfraException when the tool is missing or fails, naming what to install
     */
    void image(Path folder, String volumeId, Instant time, Path iso) throws IOException, InterruptedException;
}
