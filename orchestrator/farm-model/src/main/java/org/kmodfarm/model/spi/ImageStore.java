package org.kmodfarm.model.spi;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The images of one container engine. Implementations are thread-safe. Failures of the engine
 * surface as {@link org.kmodfarm.model.InfraException}.
 */
public interface ImageStore {

    /** The image a tag points at, if any. */
    Optional<ImageInfo> find(String tag);

    /**
     * Makes an image from a root filesystem tarball ({@code docker import}).
     *
     * @param rootfs a stream of an uncompressed tar of the root filesystem; read to its end, not closed
     */
    ImageInfo importRootfs(String tag, InputStream rootfs, Map<String, String> labels) throws IOException;

    /**
     * Pulls {@code reference} and tags it {@code tag}; empty when no registry answers within the timeout,
     * so the caller can fall back to bootstrapping.
     */
    Optional<ImageInfo> tryPull(String reference, String tag, Duration timeout);

    /**
     * Builds an image from a build context (a tar holding a {@code Dockerfile}). The build may use the
     * network: it is the only step that does.
     *
     * @param log receives the build output line by line
     */
    ImageInfo build(String tag, byte[] contextTar, Map<String, String> buildArgs, Map<String, String> labels,
                    Consumer<String> log);

    /** Every image carrying label {@code key} (any value). */
    List<ImageInfo> listLabelled(String key);

    /** Removes an image by id; the images built on it keep it alive if they exist (engine rules). */
    void remove(String id);
}
