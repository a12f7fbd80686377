package org.kmodfarm.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.util.function.Supplier;
import org.kmodfarm.model.InfraException;

/**
 * One open connection to a Docker engine, made by {@link DockerEngines#connect(String)}. It owns the
 * connection: {@link DockerEngineProbe}, {@link DockerImageStore} and {@link DockerSandbox} borrow it and
 * must not be used once it is closed. Thread-safe.
 */
public final class DockerEngine implements AutoCloseable {
    private static final String START_ENGINE = "run scripts/setup-docker (or point DOCKER_HOST at a running engine)";

    private final DockerClient client;
    private final DockerHttpClient http;
    private final String host;

    /** @param http the transport under {@code client}, for the few calls docker-java gets wrong */
    DockerEngine(DockerClient client, DockerHttpClient http, String host) {
        this.client = client;
        this.http = http;
        this.host = host;
    }

    /** The engine's address, e.g. {@code unix:///var/run/docker.sock}. */
    public String host() {
        return host;
    }

    DockerClient client() {
        return client;
    }

    DockerHttpClient http() {
        return http;
    }

    /** Runs one engine call; its failures become an {@link InfraException} saying what was being done. */
    <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (InfraException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(action, e);
        }
    }

    void run(String action, Runnable call) {
        call(action, () -> {
            call.run();
            return null;
        });
    }

    /** Translates a docker-java failure, with the usual fix for its kind. */
    InfraException failure(String action, RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
            // The transport refuses to work for an interrupted thread; the engine itself may be fine.
            return new InfraException("interrupted while trying to " + action + " (Docker engine at " + host + ")",
                    "", e);
        }
        if (e instanceof NotFoundException) {
            return new InfraException("Docker engine at " + host + " cannot " + action + ": " + message(e),
                    "check that the image or container exists ('docker images', 'docker ps -a')", e);
        }
        if (e instanceof DockerException d) {
            String fix = d.getHttpStatus() == 400 && message(e).contains("too new")
                    ? "do not pin the API version (-Dapi.version, ~/.docker-java.properties): kmodfarm leaves it unset"
                    : "check 'docker info' and the engine's log";
            return new InfraException("Docker engine at " + host + " refused to " + action + " (HTTP "
                    + d.getHttpStatus() + "): " + message(e), fix, e);
        }
        if (hasCause(e, IOException.class)) {
            return new InfraException("Docker engine at " + host + " does not answer (while trying to " + action
                    + "): " + message(e), START_ENGINE, e);
        }
        return new InfraException("Docker engine at " + host + ": cannot " + action + ": " + message(e),
                START_ENGINE, e);
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        // docker-java's messages carry the daemon's JSON; one line is enough for a report.
        return m.strip().replace('\n', ' ');
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Closes the connection (the client closes its transport); calls still running on it fail. */
    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // Nothing is left to release when closing fails; the connection is gone either way.
        }
    }
}
