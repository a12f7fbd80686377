package org.kmodfarm.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.model.spi.ImageInfo;

/**
 * The local images the integration tests run on. Nothing can be pulled here, so the base is bootstrapped
 * with mmdebstrap and imported once, then kept (reruns reuse it); the sandbox image adds the non-root
 * {@code builder} user that kmodfarm's builder images have, and is kept too (a cache hit on reruns).
 */
final class TestImages {
    static final String BASE = "kmodfarm-test/minbase:bookworm";
    static final String SANDBOX = "kmodfarm-test/sandbox:1";
    /** On every image and container the tests make, so that leftovers can be found and removed. */
    static final String OWNER = "kmodfarm-test.owner";
    static final String OWNER_VALUE = "farm-docker-it";

    private TestImages() {
    }

    /** The minimal bookworm image, bootstrapped and imported when it does not exist yet. */
    static synchronized ImageInfo base(DockerImageStore store) throws IOException, InterruptedException {
        var existing = store.find(BASE);
        if (existing.isPresent()) {
            return existing.get();
        }
        Path errors = Files.createTempFile("mmdebstrap", ".log");
        try {
            Process p = new ProcessBuilder("mmdebstrap", "--quiet", "--variant=minbase",
                    "--aptopt=Acquire::Check-Valid-Until \"false\"", "--format=tar", "bookworm", "-",
                    "http://deb.debian.org/debian")
                    .redirectError(errors.toFile()).start();
            p.getOutputStream().close();
            ImageInfo image;
            try (InputStream rootfs = p.getInputStream()) {
                image = store.importRootfs(BASE, rootfs, Map.of(OWNER, OWNER_VALUE));
            } catch (RuntimeException e) {
                // Closing the pipe above has stopped mmdebstrap if it was still writing.
                p.waitFor(30, TimeUnit.SECONDS);
                throw new IOException("importing the bootstrapped root filesystem failed; mmdebstrap said: "
                        + Files.readString(errors, StandardCharsets.UTF_8), e);
            }
            if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                store.remove(image.id());
                throw new IOException("mmdebstrap failed: " + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return image;
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** {@link #BASE} plus user builder (uid 1000) owning {@code /build}. */
    static synchronized ImageInfo sandbox(DockerImageStore store) throws IOException, InterruptedException {
        base(store);
        String dockerfile = "FROM " + BASE + "\n"
                + "RUN groupadd --gid 1000 builder"
                + " && useradd --uid 1000 --gid 1000 --home-dir /build --no-create-home --shell /bin/sh builder"
                + " && mkdir -p /build && chown builder:builder /build\n";
        return store.build(SANDBOX, context(dockerfile), Map.of(), Map.of(OWNER, OWNER_VALUE), line -> { });
    }

    static byte[] context(String dockerfile) {
        return new TarWriter().file("Dockerfile", dockerfile, 0644).toBytes();
    }

    /** Containers carrying label {@code key=value}, stopped ones included. */
    static List<Container> containers(DockerClient client, String key, String value) {
        return client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(key, value)).exec();
    }

    /** Removes the tests' leftover containers, with their volumes. */
    static void removeLeftovers(DockerClient client) {
        for (Container c : containers(client, OWNER, OWNER_VALUE)) {
            client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
    }
}
