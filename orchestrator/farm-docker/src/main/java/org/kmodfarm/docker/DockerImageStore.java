package org.kmodfarm.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.ImageInfo;
import org.kmodfarm.model.spi.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images of one Docker engine. Borrows its {@link DockerEngine}. Thread-safe. Builds use the classic
 * builder (the engine's {@code /build} endpoint), never pull their base ({@code FROM} must name a local
 * image) and remove their intermediate containers whether they succeed or fail.
 */
public final class DockerImageStore implements ImageStore {
    private static final Logger LOG = LoggerFactory.getLogger(DockerImageStore.class);
    private static final String NONE_TAG = "<none>:<none>";

    private final DockerEngine engine;

    public DockerImageStore(DockerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public Optional<ImageInfo> find(String tag) {
        try {
            InspectImageResponse r = engine.client().inspectImageCmd(tag).exec();
            Map<String, String> labels = r.getConfig() == null ? null : r.getConfig().getLabels();
            return Optional.of(info(r.getId(), r.getRepoTags(), labels, r.getSize()));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw engine.failure("inspect image " + tag, e);
        }
    }

    /**
     * {@inheritDoc} The labels are applied by the import itself.
     *
     * @throws IOException when reading {@code rootfs} fails
     */
    @Override
    public ImageInfo importRootfs(String tag, InputStream rootfs, Map<String, String> labels) throws IOException {
        RootfsStream body = new RootfsStream(rootfs);
        String id;
        try {
            id = RootfsImport.run(engine.http(), tag, body, labels);
        } catch (RuntimeException e) {
            body.rethrowReadFailure();
            throw engine.failure("import a root filesystem as " + tag, e);
        }
        return find(id).orElseThrow(() -> new InfraException("Docker engine at " + engine.host()
                + " imported a root filesystem as " + id + " but does not know that image",
                "retry; check 'docker images'"));
    }

    /**
     * {@inheritDoc} A registry that refuses or fails also gives empty; an engine that does not answer is an
     * {@link InfraException}. On timeout the pull is abandoned (the engine cancels it when the request
     * closes).
     */
    @Override
    public Optional<ImageInfo> tryPull(String reference, String tag, Duration timeout) {
        ImageRef ref = ImageRef.parse(reference);
        PullImageCmd cmd = engine.client().pullImageCmd(ref.repository());
        if (ref.tag() != null) {
            cmd.withTag(ref.tag());
        }
        PullOutcome pull = new PullOutcome();
        try {
            cmd.exec(pull);
            if (!pull.awaitCompletion(Timeouts.millis(timeout), TimeUnit.MILLISECONDS)) {
                LOG.debug("pulling {} took longer than {}; abandoned", reference, timeout);
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while pulling " + reference, "", e);
        } catch (DockerException e) {
            LOG.debug("pulling {} failed: {}", reference, e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            throw engine.failure("pull " + reference, e);
        } finally {
            closeQuietly(pull);
        }
        if (pull.failed) {
            return Optional.empty();
        }
        ImageInfo pulled = find(reference).orElse(null);
        if (pulled == null) {
            return Optional.empty();
        }
        ImageRef target = ImageRef.parse(tag);
        engine.run("tag " + reference + " as " + tag,
                () -> engine.client().tagImageCmd(pulled.id(), target.repository(), target.tag()).exec());
        return find(tag);
    }

    /**
     * {@inheritDoc} The output comes from the engine's stream thread, one line at a time.
     *
     * @throws InfraException when the build fails, carrying the engine's error and the build's last lines
     */
    @Override
    public ImageInfo build(String tag, byte[] contextTar, Map<String, String> buildArgs, Map<String, String> labels,
                           Consumer<String> log) {
        Objects.requireNonNull(log, "log");
        BuildImageCmd cmd = engine.client().buildImageCmd()
                .withTarInputStream(new ByteArrayInputStream(contextTar))
                .withTags(Set.of(tag)).withLabels(labels)
                .withPull(false).withRemove(true)
                // Also after a failed step: a failed build must not leave its container behind.
                .withForcerm(true);
        buildArgs.forEach(cmd::withBuildArg);
        BuildOutput output = new BuildOutput(log);
        try {
            cmd.exec(output).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while building image " + tag, "", e);
        } catch (RuntimeException e) {
            InfraException f = engine.failure("build image " + tag, e);
            throw new InfraException(f.getMessage() + lastLines(output), f.fix(), e);
        } finally {
            closeQuietly(output);
        }
        if (output.error() != null) {
            throw new InfraException("image build of " + tag + " failed: " + output.error() + lastLines(output),
                    "read the build output; check the Dockerfile, its base image and the package mirror");
        }
        return find(tag).orElseThrow(() -> new InfraException("Docker engine at " + engine.host()
                + " finished building " + tag + " but has no such image", "retry; check 'docker images'"));
    }

    @Override
    public List<ImageInfo> listLabelled(String key) {
        List<Image> images = engine.call("list images labelled " + key,
                () -> engine.client().listImagesCmd().withLabelFilter(key).exec());
        return images.stream().map(i -> info(i.getId(),
                i.getRepoTags() == null ? null : Arrays.asList(i.getRepoTags()), i.getLabels(), i.getSize()))
                .toList();
    }

    /**
     * {@inheritDoc} Removing an image that is already gone does nothing; so does removing one that images
     * built on it still need (the engine keeps it). An image used by a container is an {@link InfraException}.
     */
    @Override
    public void remove(String id) {
        try {
            engine.client().removeImageCmd(id).exec();
        } catch (NotFoundException e) {
            LOG.debug("image {} already gone", id);
        } catch (ConflictException e) {
            if (!String.valueOf(e.getMessage()).contains("dependent child images")) {
                throw engine.failure("remove image " + id, e);
            }
            LOG.debug("image {} kept: images built on it need it", id);
        } catch (RuntimeException e) {
            throw engine.failure("remove image " + id, e);
        }
    }

    private static ImageInfo info(String id, List<String> tags, Map<String, String> labels, Long size) {
        List<String> named = tags == null ? List.of() : tags.stream().filter(t -> !NONE_TAG.equals(t)).toList();
        return new ImageInfo(id, named, labels == null ? Map.of() : labels, size == null ? 0 : size);
    }

    private static String lastLines(BuildOutput output) {
        List<String> tail = output.tail();
        return tail.isEmpty() ? "" : "\nlast lines of the build:\n" + String.join("\n", tail);
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing a docker-java stream failed", e);
        }
    }

    /** Records a pull that the engine reported failed inside its progress stream. */
    private static final class PullOutcome extends ResultCallback.Adapter<PullResponseItem> {
        private volatile boolean failed;

        @Override
        public void onNext(PullResponseItem item) {
            if (item.isErrorIndicated()) {
                LOG.debug("pull failed: {}", item.getErrorDetail());
                failed = true;
            }
        }
    }
}
