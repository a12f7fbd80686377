package org.kmodfarm.core.images;

import java.util.Objects;
import org.kmodfarm.model.KernelTarget;

/**
 * The builder image of one kernel target.
 *
 * @param tag   its deterministic tag
 * @param id    the engine's content id, which pins it
 * @param built true when this run built it, false when an existing image was reused
 */
public record BuilderImage(KernelTarget target, String tag, String id, boolean built) {
    public BuilderImage {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(id, "id");
    }
}
