package org.kmodfarm.cli;

import org.kmodfarm.core.apt.IndexFetcher;
import java.nio.file.Path;
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
