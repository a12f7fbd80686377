package org.kmodfarm.model.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image as the engine knows it.
 *
 * @param id     the engine's content id ({@code sha256:…}), which pins the image
 * @param tags   the tags pointing at it
 * @param labels its labels
 * @param size   its size in bytes
 */
public record ImageInfo(String id, List<String> tags, Map<String, String> labels, long size) {
    public ImageInfo {
        Objects.requireNonNull(id, "id");
        tags = List.copyOf(tags);
        labels = Map.copyOf(labels);
    }
}
