package org.kmodfarm.core.farm;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.kmodfarm.archive.TarReader;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.Sandbox;
import org.kmodfarm.model.spi.SandboxResult;
import org.kmodfarm.model.spi.SandboxSpec;

/**
 * Executes a cell in one locked-down container of the {@link Sandbox}: the cell runner (kmodfarm's DKMS
 * implementation, {@code CellMain}) adds the source to a DKMS tree on the container's tmpfs, builds it for the
 * kernel and leaves its report, modules, make.log and modinfo in {@code /build/out}.
 */
public final class SandboxCellExecutor implements CellExecutor {
    /** The JVM is small next to the compiler: a fixed heap, no JIT beyond C1, no perf data on a read-only root. */
    private static final List<String> JAVA = List.of("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData", "-Xmx192m", "-cp", "/build/" + CellRuntime.JAR_NAME);

    /** Where the builder image keeps the compiler cache (owned by its build user), see images/README.md. */
    private static final String CCACHE_DIR = "/ccache";
    /**
     * ccache's compiler links first on PATH, so kbuild's compiler, whatever its name, goes through the cache; the
     * stats log gives this cell's own hits and misses, which the cache-wide counters shared by parallel cells
     * cannot; depend mode spares a miss the separate preprocessor run.
     */
    private static final Map<String, String> CCACHE_ENV = Map.of(
            "PATH", "/usr/lib/ccache:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "CCACHE_DIR", CCACHE_DIR, "CCACHE_STATSLOG", "/tmp/kmodfarm/ccache.log", "CCACHE_MAXSIZE", "2G",
            "CCACHE_DEPEND", "1");

    private final Sandbox sandbox;

    /** The cell runner's {@code mainClass} as a container's command. */
    static List<String> java(String mainClass) {
        List<String> command = new java.util.ArrayList<>(JAVA);
        command.add(mainClass);
        return command;
    }

    public SandboxCellExecutor(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public CellExecution execute(CellWork work, Consumer<String> log) throws InterruptedException {
        List<String> command = new java.util.ArrayList<>(java("org.kmodfarm.cli.dkms.CellMain"));
        command.addAll(List.of("--source", "/build/src", "--kernel", work.kernel(), "--arch", work.arch(),
                "--jobs", String.valueOf(work.makeJobs()), "--out", "/build/out", "--deps",
                "/build/" + DependencyInput.DIR));
        Map<String, String> env = work.compilerCache().isEmpty() ? Map.of() : CCACHE_ENV;
        Map<String, String> volumes = work.compilerCache().isEmpty() ? Map.of()
                : Map.of(work.compilerCache(), CCACHE_DIR);
        SandboxSpec spec = new SandboxSpec(work.image(), work.inputs().tar(), command, work.limits().memoryBytes(),
                work.limits().pids(), work.limits().cpus(), work.timeout(), work.labels(), env, volumes);
        SandboxResult result = sandbox.run(spec, log);
        try {
            return new CellExecution(result.exit(), TarReader.files(result.outputTar()), result.elapsed());
        } catch (IOException e) {
            throw new InfraException("the cell's output archive is unreadable: " + e.getMessage(),
                    "run the build again; the transfer is retried automatically", e);
        }
    }
}
