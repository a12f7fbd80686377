package org.kmodfarm.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.kmodfarm.core.apt.HttpIndexFetcher;
import org.kmodfarm.core.apt.IndexFetcher;
import org.kmodfarm.core.config.FarmConfig;
import org.kmodfarm.core.images.DebianBootstrap;
import org.kmodfarm.core.images.RootfsBootstrapper;
import org.kmodfarm.docker.DockerEngine;
import org.kmodfarm.docker.DockerEngineProbe;
import org.kmodfarm.docker.DockerEngines;
import org.kmodfarm.docker.DockerImageStore;
import org.kmodfarm.docker.DockerSandbox;
import org.kmodfarm.core.io.Processes;
import org.kmodfarm.loadtest.QemuVmRunner;
import org.kmodfarm.loadtest.VmRunner;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.EngineProbe;
import org.kmodfarm.model.spi.ImageStore;
import org.kmodfarm.model.spi.Sandbox;

/** The real side effects: the Docker engine (connected on first use), HTTP, and the bootstrap tools. */
final class DockerServices implements Services {
    private final FarmConfig config;
    private DockerEngine engine;

    DockerServices(FarmConfig config) {
        this.config = config;
    }

    private synchronized DockerEngine engine() {
        if (engine == null) {
            engine = DockerEngines.connect(config.dockerHost().orElse(null));
        }
        return engine;
    }

    @Override
    public EngineProbe engineProbe() {
        return new DockerEngineProbe(engine());
    }

    @Override
    public ImageStore imageStore() {
        return new DockerImageStore(engine());
    }

    @Override
    public Sandbox sandbox() {
        return new DockerSandbox(engine());
    }

    @Override
    public IndexFetcher fetcher() {
        return new HttpIndexFetcher(Duration.ofSeconds(15), Duration.ofMinutes(5));
    }

    @Override
    public RootfsBootstrapper bootstrapper() {
        return new DebianBootstrap(line -> { });
    }

    @Override
    public VmRunner vmRunner(Path workRoot) {
        Path qemu = Processes.which("qemu-system-x86_64").orElseThrow(() -> new InfraException(
                "load tests need qemu-system-x86_64, which is not installed",
                "apt-get install -y qemu-system-x86 (scripts/setup-tools does it)"));
        return new QemuVmRunner(qemu, workRoot);
    }

    @Override
    public synchronized void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
