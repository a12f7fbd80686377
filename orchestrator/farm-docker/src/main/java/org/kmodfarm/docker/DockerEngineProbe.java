package org.kmodfarm.docker;

import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import java.util.Objects;
import org.kmodfarm.model.spi.EngineInfo;
import org.kmodfarm.model.spi.EngineProbe;

/**
 * Asks a Docker engine whether it answers and what it is. Borrows its {@link DockerEngine}. Thread-safe.
 */
public final class DockerEngineProbe implements EngineProbe {
    private final DockerEngine engine;

    public DockerEngineProbe(DockerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Pings the engine, then reads its version and storage driver. {@code os} and {@code arch} are the
     * engine's platform as {@code docker version} shows it ({@code linux}, {@code amd64}).
     *
     * @throws org.kmodfarm.model.InfraException when the engine does not answer, with the fix
     */
    @Override
    public EngineInfo probe() {
        engine.run("answer a ping", () -> engine.client().pingCmd().exec());
        Version v = engine.call("report its version", () -> engine.client().versionCmd().exec());
        Info info = engine.call("report its configuration", () -> engine.client().infoCmd().exec());
        return new EngineInfo(orEmpty(v.getVersion()), orEmpty(v.getApiVersion()), orEmpty(v.getOperatingSystem()),
                orEmpty(v.getArch()), orEmpty(info.getDriver()));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
