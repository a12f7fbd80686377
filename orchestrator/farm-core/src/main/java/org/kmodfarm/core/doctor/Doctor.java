package org.kmodfarm.core.doctor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.kmodfarm.core.io.Processes;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.EngineInfo;
import org.kmodfarm.model.spi.EngineProbe;

/** The checks {@code kmodfarm doctor} runs; each says what failed and which command fixes it. */
public final class Doctor {
    /** Below this, a matrix of builder images (about 1 GB each) will not fit. */
    static final long MIN_FREE_BYTES = 10L << 30;

    private Doctor() {
    }

    public static CheckResult engine(Supplier<EngineProbe> probe) {
        try {
            EngineInfo i = probe.get().probe();
            return CheckResult.pass("docker engine", i.version() + ", API " + i.apiVersion() + ", " + i.os() + "/"
                    + i.arch() + ", storage " + i.storageDriver());
        } catch (InfraException e) {
            return CheckResult.fail("docker engine", e.getMessage(),
                    "run scripts/setup-docker as root (installs and starts Debian's docker.io), or set docker.host");
        }
    }

    /** @param describe says what the manager at swarm.host sees, or throws when it is none */
    public static CheckResult remote(String name, Supplier<String> describe, String fix) {
        try {
            return CheckResult.pass(name, describe.get());
        } catch (InfraException e) {
            return CheckResult.fail(name, e.getMessage(), e.fix().isEmpty() ? fix : e.fix());
        }
    }

    /**
     * Whether the registry {@code host:port} answers its API (HTTPS, else plain HTTP as local registries speak).
     *
     * @param setting the setting that names it, for the check's name and its fix
     */
    public static CheckResult registry(String setting, String hostPort) {
        String name = setting.replace('.', ' ');
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String failure = "";
        for (String scheme : List.of("https", "http")) {
            URI api = URI.create(scheme + "://" + hostPort + "/v2/");
            try {
                int status = client.send(HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return CheckResult.pass(name, api + " answers (HTTP " + status + ")");
                }
                failure = api + " answers HTTP " + status;
            } catch (IOException e) {
                failure = hostPort + " does not answer: " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CheckResult.fail(name, "interrupted", "run doctor again");
            }
        }
        return CheckResult.fail(name, failure, "start the registry, or set " + setting
                + " to one that the runtime's nodes and this machine reach (scripts/test-cluster up starts one on localhost:5055)");
    }

    public static CheckResult disk(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            long free = Files.getFileStore(existing == null ? Path.of("/") : existing).getUsableSpace();
            String detail = (free >> 30) + " GiB free under " + existing;
            return free >= MIN_FREE_BYTES ? CheckResult.pass("free disk", detail)
                    : CheckResult.fail("free disk", detail + " (at least " + (MIN_FREE_BYTES >> 30) + " GiB needed)",
                    "free space there (docker image prune, or ./kmodfarm images prune), or set tree elsewhere");
        } catch (IOException e) {
            return CheckResult.fail("free disk", "cannot tell: " + e.getMessage(), "check that " + dir + " is readable");
        }
    }

    /**
     * Whether the mirror serves {@code suite}'s Release file: a mirror that answers but lacks the suite
     * would fail later, at resolution, with a less direct message.
     */
    public static CheckResult mirror(String name, URI mirror, String suite) {
        String check = "package mirror (" + name + ")";
        String root = mirror.toString().endsWith("/") ? mirror.toString() : mirror + "/";
        URI release = URI.create(root + "dists/" + suite + "/Release");
        if ("file".equals(mirror.getScheme())) {
            return Files.isRegularFile(Path.of(release)) ? CheckResult.pass(check, release + " exists")
                    : CheckResult.fail(check, release + " does not exist", "set " + name + " to a local mirror's root");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(release).timeout(Duration.ofSeconds(20))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? CheckResult.pass(check, mirror + " serves " + suite)
                    : CheckResult.fail(check, release + " answers HTTP " + r.statusCode(),
                    "check that " + mirror + " is a Debian archive root carrying " + suite);
        } catch (IOException e) {
            return CheckResult.fail(check, mirror + " does not answer: " + e.getClass().getSimpleName()
                    + Optional.ofNullable(e.getMessage()).map(m -> " " + m).orElse(""),
                    "check the network, or set " + name + " (kmodfarm.yaml or KMODFARM_"
                            + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + ") to a mirror you reach");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail(check, "interrupted", "run doctor again");
        }
    }

    public static CheckResult bootstrapTool() {
        for (String tool : List.of("mmdebstrap", "debootstrap")) {
            Optional<Path> p = Processes.which(tool);
            if (p.isPresent()) {
                return CheckResult.pass("bootstrap tool", tool + " at " + p.get());
            }
        }
        return CheckResult.fail("bootstrap tool", "neither mmdebstrap nor debootstrap is installed (needed to make "
                + "base images where no registry answers)", "apt-get install -y mmdebstrap");
    }
}
