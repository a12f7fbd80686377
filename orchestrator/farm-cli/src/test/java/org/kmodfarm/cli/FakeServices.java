package org.kmodfarm.cli;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.core.apt.HttpIndexFetcher;
import org.kmodfarm.core.apt.IndexFetcher;
import org.kmodfarm.core.images.RootfsBootstrapper;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.EngineInfo;
import org.kmodfarm.model.spi.EngineProbe;
import org.kmodfarm.model.spi.ImageStore;
import org.kmodfarm.model.spi.Sandbox;
import org.kmodfarm.model.spi.SandboxExit;
import org.kmodfarm.model.spi.SandboxResult;
import org.kmodfarm.model.spi.SandboxSpec;
import org.kmodfarm.testkit.FakeImageStore;

/** Services for CLI tests: an in-memory image store, a sandbox that "builds" a module, real file/HTTP fetching. */
final class FakeServices implements Services {
    final FakeImageStore images = new FakeImageStore();
    boolean engineUp = true;
    boolean closed;
    /** Kernels whose builds fail with a compiler error, as a module's own bug would make them. */
    java.util.Set<String> failingKernels = java.util.Set.of();

    @Override
    public EngineProbe engineProbe() {
        return () -> {
            if (!engineUp) {
                throw new InfraException("cannot connect to unix:///var/run/docker.sock", "");
            }
            return new EngineInfo("20.10.24", "1.41", "linux", "amd64", "overlay2");
        };
    }

    @Override
    public ImageStore imageStore() {
        return images;
    }

    /** Pretends the cell runner built the module: its report, the .ko, its modinfo and make.log. */
    @Override
    public Sandbox sandbox() {
        return new Sandbox() {
            @Override
            public SandboxResult run(SandboxSpec spec, Consumer<String> log) {
                String kernel = spec.command().get(spec.command().indexOf("--kernel") + 1);
                if (failingKernels.contains(kernel)) {
                    log.accept("Building module(s)...(bad exit status: 2)");
                    byte[] out = new TarWriter()
                            .file("make.log", "hello.c:7:5: error: 'sk_buff' undeclared\n", 0644)
                            .file("cell.properties", "name=kmodfarm-hello\nversion=0.1\nstage=build\nstatus=10\n",
                                    0644)
                            .toBytes();
                    return new SandboxResult(new SandboxExit.Exited(10), out, Duration.ofMillis(900));
                }
                log.accept("Building module(s)... done.");
                byte[] out = new TarWriter().file("module/kmodfarm_hello.ko", "ELF " + kernel, 0644)
                        .file("modinfo/kmodfarm_hello.ko.txt", "name:           kmodfarm_hello\n"
                                + "vermagic:       " + kernel + " SMP mod_unload\n", 0644)
                        .file("make.log", "  CC [M]  hello.o\n", 0644)
                        .file("cell.properties", "name=kmodfarm-hello\nversion=0.1\nstage=build\nstatus=0\n", 0644)
                        .toBytes();
                return new SandboxResult(new SandboxExit.Exited(0), out, Duration.ofMillis(1500));
            }

            @Override
            public int reap(Predicate<Map<String, String>> orphaned) {
                return 0;
            }
        };
    }

    @Override
    public IndexFetcher fetcher() {
        return new HttpIndexFetcher(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Override
    public RootfsBootstrapper bootstrapper() {
        return new RootfsBootstrapper() {
            @Override
            public String tool() {
                return "fake";
            }

            @Override
            public void bootstrap(String release, org.kmodfarm.model.Arch arch, java.net.URI mirror,
                                  boolean checkValidUntil, java.nio.file.Path tarball) {
                try {
                    Files.write(tarball, new byte[512]);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Override
    public void close() {
        closed = true;
    }

    /** No emulator here: the load test's machinery is tested in farm-loadtest with its own fake. */
    @Override
    public org.kmodfarm.loadtest.VmRunner vmRunner(java.nio.file.Path workRoot) {
        throw new InfraException("the fake services have no emulator", "");
    }
}
