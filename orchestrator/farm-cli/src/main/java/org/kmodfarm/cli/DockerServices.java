package org.kmodfarm.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.kmodfarm.core.apt.HttpIndexFetcher;
import org.kmodfarm.core.apt.IndexFetcher;
import org.kmodfarm.core.config.CellRuntimeKind;
import org.kmodfarm.core.config.FarmConfig;
import org.kmodfarm.core.farm.CellExecutor;
import org.kmodfarm.core.remote.RemoteCellExecutor;
import org.kmodfarm.core.images.DebianBootstrap;
import org.kmodfarm.core.images.RootfsBootstrapper;
import org.kmodfarm.docker.DockerCellImages;
import org.kmodfarm.docker.DockerEngine;
import org.kmodfarm.docker.DockerEngineProbe;
import org.kmodfarm.docker.DockerEngines;
import org.kmodfarm.docker.DockerImageStore;
import org.kmodfarm.docker.DockerSandbox;
import org.kmodfarm.docker.SwarmProbe;
import org.kmodfarm.docker.SwarmRunner;
import org.kmodfarm.kubernetes.KubernetesCluster;
import org.kmodfarm.kubernetes.KubernetesSettings;
import org.kmodfarm.core.io.Processes;
import org.kmodfarm.loadtest.QemuVmRunner;
import org.kmodfarm.loadtest.VmRunner;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.model.spi.EngineProbe;
import org.kmodfarm.model.spi.ImageStore;
import org.kmodfarm.model.spi.Sandbox;

/**
 * The real side effects: the Docker engine (connected on first use), the Swarm manager for {@code --runtime swarm}
 * (likewise), HTTP, and the bootstrap tools.
 */
final class DockerServices implements Services {
    private final FarmConfig config;
    private DockerEngine engine;
    private DockerEngine manager;
    private SwarmRunner swarm;
    private KubernetesCluster cluster;

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

    /**
     * Cells of {@code --runtime swarm} go out as per-cell images made on the local engine, where the builder images
     * are, and pushed to {@code swarm.registry} for the nodes to pull.
     */
    @Override
    public CellExecutor cellExecutor() {
        if (config.runtime() == CellRuntimeKind.SWARM) {
            return new RemoteCellExecutor(new DockerCellImages(engine(), config.swarmRegistry()), swarmRunner());
        }
        if (config.runtime() == CellRuntimeKind.KUBERNETES) {
            String registry = config.kubernetesRegistry().orElseThrow(() -> new BadInputException(new Problem(
                    SourceLocation.wholeFile(Path.of("kmodfarm.yaml")), "the kubernetes runtime needs "
                    + "kubernetes.registry, the registry its nodes pull cell images from", "set kubernetes.registry "
                    + "in kmodfarm.yaml or KMODFARM_KUBERNETES_REGISTRY (HOST:PORT; docker.host's engine pushes there)")));
            return new RemoteCellExecutor(new DockerCellImages(engine(), Optional.of(registry)), cluster().runner());
        }
        return Services.super.cellExecutor();
    }

    @Override
    public int reapCells(Predicate<Map<String, String>> orphaned) {
        int containers = Services.super.reapCells(orphaned);
        if (config.runtime() == CellRuntimeKind.KUBERNETES) {
            try {
                return containers + cluster().runner().reap(orphaned);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return containers;
            }
        }
        return config.runtime() == CellRuntimeKind.SWARM ? containers + swarmRunner().reap(orphaned) : containers;
    }

    @Override
    public String swarm() {
        return SwarmProbe.describe(swarmManager());
    }

    private synchronized DockerEngine swarmManager() {
        if (manager == null) {
            String host = config.swarmHost().orElseThrow(() -> new BadInputException(new Problem(
                    SourceLocation.wholeFile(Path.of("kmodfarm.yaml")), "the swarm runtime needs swarm.host, the address "
                    + "of a manager of the swarm", "set swarm.host in kmodfarm.yaml or KMODFARM_SWARM_HOST (for the "
                    + "test cluster of scripts/test-cluster: unix:///run/kmodfarm-swarm-0.sock)")));
            manager = DockerEngines.connect(host);
        }
        return manager;
    }

    @Override
    public String kubernetes() {
        return cluster().describe();
    }

    private synchronized KubernetesCluster cluster() {
        if (cluster == null) {
            cluster = KubernetesCluster.connect(config.kubernetesContext(),
                    KubernetesSettings.of(config.kubernetesNamespace(), config.kubernetesNodeSelector()));
        }
        return cluster;
    }

    private synchronized SwarmRunner swarmRunner() {
        if (swarm == null) {
            swarm = new SwarmRunner(swarmManager(), config.swarmConstraints());
        }
        return swarm;
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
        if (cluster != null) {
            cluster.close();
        }
        if (swarm != null) {
            swarm.close();
        }
        if (manager != null) {
            manager.close();
        }
        if (engine != null) {
            engine.close();
        }
    }
}
