package org.kmodfarm.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.kmodfarm.core.apt.AptIndexCache;
import org.kmodfarm.core.apt.MirrorDefaults;
import org.kmodfarm.core.config.ConfigLoader;
import org.kmodfarm.core.config.ConfigValue;
import org.kmodfarm.core.config.FarmConfig;
import org.kmodfarm.core.config.Setting;
import org.kmodfarm.core.matrix.Located;
import org.kmodfarm.core.matrix.MatrixParser;
import org.kmodfarm.core.matrix.MatrixResolver;
import org.kmodfarm.core.matrix.MatrixSpec;
import org.kmodfarm.model.KernelTarget;
import org.kmodfarm.model.SourceLocation;

/**
 * What every command shares: the environment it runs in, the effective configuration (loaded on first
 * use, after options were recorded) and the services (created on first use, closed at the end).
 * One per command line; not thread-safe.
 */
final class Context implements AutoCloseable {
    private final Path workDir;
    private final Map<String, String> env;
    private final Function<FarmConfig, Services> servicesFactory;
    private final Map<Setting, ConfigValue> options = new EnumMap<>(Setting.class);
    private Optional<Path> configFile = Optional.empty();
    private FarmConfig config;
    private Services services;
    private PrintWriter out;
    private PrintWriter err;

    Context(Path workDir, Map<String, String> env, Function<FarmConfig, Services> servicesFactory) {
        this.workDir = workDir;
        this.env = Map.copyOf(env);
        this.servicesFactory = servicesFactory;
    }

    void streams(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    /** A variable of the environment the command runs in (a seam: tests pass their own). */
    Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name));
    }

    void configFile(Path file) {
        this.configFile = Optional.ofNullable(file);
    }

    /** Records a command-line value; it wins over environment, file and default. */
    void option(Setting s, Object value, String option) {
        if (value != null) {
            options.put(s, new ConfigValue(s, String.valueOf(value), "option " + option));
        }
    }

    FarmConfig config() {
        if (config == null) {
            config = ConfigLoader.load(configFile.map(workDir::resolve), workDir, env, options);
        }
        return config;
    }

    Services services() {
        if (services == null) {
            services = servicesFactory.apply(config());
        }
        return services;
    }

    /** Where the launcher runs kmodfarm from ({@code KMODFARM_HOME}), when it says. */
    Optional<Path> home() {
        return Optional.ofNullable(env.get("KMODFARM_HOME")).map(Path::of);
    }

    Path resolvePath(Path p) {
        return workDir.resolve(p);
    }

    /** The jar every build container runs (kmodfarm's DKMS implementation). */
    org.kmodfarm.core.farm.CellRuntime cellRuntime() {
        return CellRunnerJar.locate(workDir, env);
    }

    Path tree() {
        return workDir.resolve(config().tree());
    }

    /**
     * The matrix file to use: the one given, else {@code kernel-matrix/debian.yaml} of the working
     * directory, else the one shipped next to the launcher ({@code KMODFARM_HOME}).
     */
    Path matrixFile(Path given) {
        return matrixFile(given, "debian.yaml");
    }

    /** As {@link #matrixFile(Path)}, with another default file of {@code kernel-matrix/}. */
    Path matrixFile(Path given, String defaultName) {
        if (given != null) {
            return workDir.resolve(given);
        }
        Path local = workDir.resolve("kernel-matrix").resolve(defaultName);
        if (Files.isRegularFile(local) || !env.containsKey("KMODFARM_HOME")) {
            return local;
        }
        return Path.of(env.get("KMODFARM_HOME"), "kernel-matrix", defaultName);
    }

    MirrorDefaults mirrorDefaults() {
        MirrorDefaults apt = MirrorDefaults.fromAptSources(Path.of("/etc/apt"));
        FarmConfig c = config();
        return new MirrorDefaults(
                c.mirror().map(u -> new Located<>(u, origin(Setting.MIRROR))).orElse(apt.main()),
                c.securityMirror().map(u -> new Located<>(u, origin(Setting.SECURITY_MIRROR))).orElse(apt.security()));
    }

    private SourceLocation origin(Setting s) {
        String origin = config().value(s).origin();
        int colon = origin.lastIndexOf(':');
        if (colon > 0 && origin.substring(colon + 1).matches("\\d+")) {
            return new SourceLocation(Path.of(origin.substring(0, colon)), Integer.parseInt(origin.substring(colon + 1)));
        }
        return SourceLocation.wholeFile(Path.of(origin));
    }

    MatrixResolver resolver() {
        AptIndexCache cache = new AptIndexCache(workDir.resolve(config().cacheDir()), services().fetcher(),
                Clock.systemUTC(), config().indexMaxAge(), w -> err.println("warning: " + w));
        return new MatrixResolver(cache, mirrorDefaults());
    }

    List<KernelTarget> resolve(Path matrixFile, boolean refresh) {
        MatrixSpec spec = MatrixParser.parse(matrixFile);
        return resolver().resolve(spec, refresh);
    }

    @Override
    public void close() {
        if (services != null) {
            services.close();
        }
    }
}
