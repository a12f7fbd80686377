package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.kmodfarm.dkms.ConfReader;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.EvaluationContext;
import org.kmodfarm.dkms.ReadMode;
import org.kmodfarm.dkms.ReadResult;
import org.kmodfarm.dkms.tree.TreeRoots;

/**
 * DKMS's {@code read_conf_or_die} / {@code read_conf_strict_or_die} for the {@code dkms} entry point: builds
 * the evaluation context DKMS would have (trees, kernel source dir and config, caller's cwd and environment)
 * and turns a refusal into a {@link DkmsExit}. Not thread-safe: like DKMS it remembers the last conf it read.
 */
final class ConfAccess {
    private static final String DEPRECATED = "Deprecated feature: ";

    /** DKMS's {@code last_mvka}/{@code last_mvka_conf}: the last successful read, by its conf's real path. */
    private record LastRead(String module, String version, String kernel, String arch, String conf) {
    }

    private LastRead last;

    private final ConfReader reader;
    private final Host host;
    private final DkmsOptions options;
    private final Console console;

    ConfAccess(ConfReader reader, Host host, DkmsOptions options, Console console) {
        this.reader = reader;
        this.host = host;
        this.options = options;
        this.console = console;
    }

    /**
     * Reads {@code conf} for one kernel/arch, printing the warnings DKMS prints.
     *
     * @param module  {@code $module}, empty while {@code add} first reads a source tree's conf
     * @param version {@code $module_version}, likewise
     * @throws DkmsExit with DKMS's messages and code (8 bad, 4 unreadable) when DKMS would die
     */
    DkmsConf read(String conf, String module, String version, String kernel, String arch, ReadMode mode) {
        TreeRoots roots = roots();
        String kdir = kernelSourceDir(kernel);
        String config = kernelConfig(kernel);
        EvaluationContext context = new EvaluationContext(conf, "/etc/dkms", host.workingDirectory(), kernel, arch,
                kdir, config, roots.dkmsTree(), roots.sourceTree(), roots.installTree(), module, version,
                Map.of("running_distribution", host.runningDistribution().orElse("")), host.environment());
        ReadResult result = reader.read(context, mode, conf);
        if (result instanceof ReadResult.Invalid invalid) {
            throw DkmsExit.withLines(invalid.exitCode(), invalid.messages());
        }
        // DKMS does not source a conf again for the module/version/kernel/arch it read last, so its
        // deprecation warnings appear once per run; read_conf_strict's own checks still repeat.
        LastRead read = new LastRead(module, version, kernel, arch, realPath(conf));
        List<String> messages = read.equals(last)
                ? result.messages().stream().filter(m -> !m.startsWith(DEPRECATED)).toList()
                : result.messages();
        last = read;
        messages.forEach(console::err);
        return ((ReadResult.Valid) result).conf();
    }

    /** Work run as in a bash subshell. */
    @FunctionalInterface
    interface Subshell {
        int run() throws IOException;
    }

    /**
     * Runs {@code work} as DKMS runs it in a subshell: which conf it read last is forgotten afterwards, so the
     * next module's deprecation warnings depend on what the caller read, not on {@code work}'s reads.
     *
     * @return {@code work}'s result
     */
    int inSubshell(Subshell work) throws IOException {
        LastRead saved = last;
        try {
            return work.run();
        } finally {
            last = saved;
        }
    }

    /** {@code readlink -f}: the source symlink and the source tree name the same conf. */
    private static String realPath(String conf) {
        try {
            return Path.of(conf).toRealPath().toString();
        } catch (IOException e) {
            return Path.of(conf).toAbsolutePath().normalize().toString();
        }
    }

    /** DKMS's {@code kernel_source_dir}: {@code --kernelsourcedir}, else {@code <install_tree>/<kernel>/build}. */
    String kernelSourceDir(String kernel) {
        return options.kernelSourceDir().isEmpty() ? roots().installTree() + "/" + kernel + "/build"
                : options.kernelSourceDir();
    }

    /** DKMS's {@code kernel_config}: {@code --config}, else auto.conf if it exists, else {@code .config}. */
    String kernelConfig(String kernel) {
        if (!options.kernelConfig().isEmpty()) {
            return options.kernelConfig();
        }
        String kdir = kernelSourceDir(kernel);
        return Files.exists(Path.of(kdir, "include/config/auto.conf")) ? kdir + "/include/config/auto.conf"
                : kdir + "/.config";
    }

    TreeRoots roots() {
        return new TreeRoots(options.dkmsTree(), options.sourceTree(), options.installTree());
    }
}
