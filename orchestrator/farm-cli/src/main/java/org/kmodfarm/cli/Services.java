package org.kmodfarm.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.kmodfarm.core.apt.IndexFetcher;
import org.kmodfarm.core.farm.CellExecutor;
import org.kmodfarm.core.farm.SandboxCellExecutor;
import org.kmodfarm.core.images.RootfsBootstrapper;
import org.kmodfarm.loadtest.VmRunner;
import org.kmodfarm.model.spi.EngineProbe;
import org.kmodfarm.model.spi.ImageStore;
import org.kmodfarm.model.spi.Sandbox;

/**
 * The side effects commands use, created on first use and closed when the command ends. Tests pass
 * fakes; {@code Main} passes the Docker engine.
 */
public interface Services extends AutoCloseable {
    EngineProbe engineProbe();

    ImageStore imageStore();

    Sandbox sandbox();

    /** Where the configuration's runtime runs cells; the local engine's sandbox unless told otherwise. */
    default CellExecutor cellExecutor() {
        return new SandboxCellExecutor(sandbox());
    }

    /**
     * Removes what runs that died left on the configuration's runtime (containers, services).
     *
     * @return how many cells' leftovers were removed
     */
    default int reapCells(Predicate<Map<String, String>> orphaned) {
        return sandbox().reap(orphaned);
    }

    /**
     * One line about the swarm at {@code swarm.host}, for {@code doctor}.
     *
     * @throws org.kmodfarm.model.InfraException when there is none or it does not answer
     */
    default String swarm() {
        throw new org.kmodfarm.model.InfraException("these services have no swarm", "use the Docker services");
    }

    /**
     * One line about the cluster of {@code kubernetes.context}, for {@code doctor}.
     *
     * @throws org.kmodfarm.model.InfraException when it does not answer or lacks the namespace
     */
    default String kubernetes() {
        throw new org.kmodfarm.model.InfraException("these services have no Kubernetes cluster",
                "use the Docker services");
    }

    IndexFetcher fetcher();

    RootfsBootstrapper bootstrapper();

    /**
     * The emulator load tests boot their machines with, each in a temporary folder under {@code workRoot}.
     *
     * @throws org.kmodfarm.model.InfraException when there is no emulator
     */
    VmRunner vmRunner(Path workRoot);

    @Override
    void close();
}
