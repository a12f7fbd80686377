package org.kmodfarm.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;
import org.kmodfarm.model.InfraException;

/** Opens connections to a Docker engine. */
public final class DockerEngines {
    /** Connecting to a local socket is instant; a remote engine that does not answer should fail fast. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private DockerEngines() {
    }

    /**
     * A client for the engine at {@code host}, or at docker-java's default when {@code host} is null or
     * blank ({@code DOCKER_HOST}, else {@code unix:///var/run/docker.sock}). Nothing is sent yet: an engine
     * that does not answer shows up at the first call, as an {@link InfraException}.
     *
     * <p>The API version is deliberately left unset: requests then go unversioned and the daemon answers at
     * its own level, whereas pinning a version newer than the daemon's (Engine 20.10 stops at 1.41) gets
     * HTTP 400. Whoever calls this owns the result and closes it after the last use of everything made
     * from it.
     *
     * @throws InfraException when {@code host} is not a valid engine address
     */
    public static DockerEngine connect(String host) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (host != null && !host.isBlank()) {
            builder.withDockerHost(host.strip());
        }
        DefaultDockerClientConfig config;
        try {
            config = builder.build();
        } catch (RuntimeException e) {
            throw new InfraException("invalid Docker engine address '" + host + "': " + e.getMessage(),
                    "give an address like unix:///var/run/docker.sock or tcp://HOST:2376", e);
        }
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT)
                // No response timeout: log streams and image builds legitimately stay silent for long.
                .build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        return new DockerEngine(client, http, config.getDockerHost().toString());
    }
}
