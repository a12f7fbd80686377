package org.kmodfarm.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.CellImagePublisher;

/**
 * Per-cell images made on the farm's own engine, where the builder images are: a container of the builder image
 * (never started) receives the inputs in {@code /build} and is committed. With a registry, the image is pushed and
 * named by its registry digest, so every node runs exactly these bytes (the push carries the builder image's layers
 * the first time; later cells add one small layer each); without one it is named by its local id, for a runtime
 * on this same engine.
 */
public final class DockerCellImages implements CellImagePublisher {
    /** Present on every per-cell image, so leftovers can be found. */
    public static final String CELL_IMAGE_LABEL = "kmodfarm.cell-image";
    private static final String REPOSITORY = "kmodfarm-cell";

    private final DockerEngine engine;
    private final Optional<String> registry;

    /** @param registry {@code host:port} of the registry the runtime's nodes pull from, empty for none */
    public DockerCellImages(DockerEngine engine, Optional<String> registry) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public String publish(String builderImage, byte[] inputTar) throws InterruptedException {
        String tag = tag(builderImage, inputTar);
        String repository = registry.map(r -> r + "/" + REPOSITORY).orElse(REPOSITORY);
        String container = engine.call("create a container of " + builderImage, () -> engine.client()
                .createContainerCmd(builderImage).withLabels(Map.of(DockerSandbox.MANAGED_LABEL, "true"))
                .withCmd("true").exec().getId());
        String id;
        try {
            engine.run("copy a cell's inputs into its image", () -> engine.client().copyArchiveToContainerCmd(container)
                    .withTarInputStream(new ByteArrayInputStream(inputTar)).withRemotePath("/build").exec());
            id = engine.call("commit a cell's image", () -> engine.client().commitCmd(container)
                    .withRepository(repository).withTag(tag)
                    .withLabels(Map.of(DockerSandbox.MANAGED_LABEL, "true", CELL_IMAGE_LABEL, "true")).exec());
        } finally {
            engine.run("remove the container a cell's image was made from",
                    () -> engine.client().removeContainerCmd(container).withForce(true).exec());
        }
        if (registry.isEmpty()) {
            return id;
        }
        push(repository, tag);
        return pinned(id, repository);
    }

    @Override
    public void discard(String image) {
        try {
            // A pinned name (REPOSITORY@sha256:…) only untags its digest and leaves the image under its tag: the
            // image goes by its id, with every name it has (SwarmIT's runs left one image per cell before this).
            String id = engine.call("inspect a cell's image", () -> engine.client().inspectImageCmd(image).exec()
                    .getId());
            engine.run("remove a cell's image", () -> engine.client().removeImageCmd(id).withForce(true).exec());
        } catch (InfraException e) {
            // Only disk space is at stake; the label lets `kmodfarm gc` or a later run find it.
        }
    }

    /** Same builder and inputs, same tag: a retried cell reuses its image instead of piling up another. */
    static String tag(String builderImage, byte[] inputTar) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(builderImage.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(inputTar);
            return HexFormat.of().formatHex(sha256.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private void push(String repository, String tag) throws InterruptedException {
        ResultCallback.Adapter<PushResponseItem> pushed = engine.call("push a cell's image to " + registry.get(),
                () -> engine.client().pushImageCmd(repository).withTag(tag).exec(new ResultCallback.Adapter<>()));
        try {
            pushed.awaitCompletion();
        } catch (RuntimeException e) {
            throw new InfraException("cannot push a cell's image to the registry " + registry.get() + ": "
                    + e.getMessage(), "check that the registry answers and that the engine trusts it "
                    + "(insecure-registries in daemon.json for a plain-HTTP one)", e);
        }
    }

    /** The registry's name for the pushed bytes, {@code REGISTRY/kmodfarm-cell@sha256:…}. */
    private String pinned(String id, String repository) {
        List<String> digests = engine.call("inspect a cell's image", () -> engine.client().inspectImageCmd(id).exec()
                .getRepoDigests());
        return Optional.ofNullable(digests).orElse(List.of()).stream().filter(d -> d.startsWith(repository + "@"))
                .findFirst().orElseThrow(() -> new InfraException("the registry " + registry.get()
                        + " did not give a digest for the pushed cell image " + id, "check the registry's log"));
    }
}
