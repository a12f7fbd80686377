package org.kmodfarm.dkms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sources a dkms.conf and its {@code /etc/dkms} override files with bash, the way DKMS 3.2.2's
 * {@code read_conf} does (see {@code read-conf.bash} next to this class for the exact steps), and reads the
 * result back. Thread-safe when its {@link ShellRunner} is.
 */
public final class ConfEvaluator {
    /** DKMS 3.2.2's whitelist, in its order, which is the order values are expanded the second time. */
    public static final List<String> DKMS_CONF_VARIABLES = List.of("PACKAGE_NAME", "PACKAGE_VERSION", "POST_ADD",
            "POST_BUILD", "POST_INSTALL", "POST_REMOVE", "PRE_BUILD", "PRE_INSTALL", "BUILD_DEPENDS",
            "BUILD_EXCLUSIVE_ARCH", "BUILD_EXCLUSIVE_CONFIG", "BUILD_EXCLUSIVE_KERNEL", "BUILD_EXCLUSIVE_KERNEL_MIN",
            "BUILD_EXCLUSIVE_KERNEL_MAX", "build_exclude", "OBSOLETE_BY", "MAKE", "MAKE_MATCH", "PATCH",
            "PATCH_MATCH", "patch_array", "BUILT_MODULE_NAME", "built_module_name", "BUILT_MODULE_LOCATION",
            "built_module_location", "DEST_MODULE_NAME", "dest_module_name", "DEST_MODULE_LOCATION",
            "dest_module_location", "STRIP", "strip", "AUTOINSTALL", "NO_WEAK_MODULES", "BUILD_DEPENDS_REBUILD",
            "CLEAN", "REMAKE_INITRD", "MODULES_CONF", "MODULES_CONF_OBSOLETES", "MODULES_CONF_ALIAS_TYPE",
            "MODULES_CONF_OBSOLETE_ONLY");

    /** What bash sees as {@code $0}: DKMS's own path on Debian. */
    static final String ARGV0 = "/usr/sbin/dkms";
    private static final String SCRIPT = loadScript();

    private final ShellRunner shell;

    public ConfEvaluator(ShellRunner shell) {
        this.shell = Objects.requireNonNull(shell, "shell");
    }

    /**
     * Sources the files of {@code context}.
     *
     * @param mode {@link ReadMode#STRICT} also prints DKMS's deprecation warnings after each file
     * @throws org.kmodfarm.model.InfraException when bash cannot run, times out or prints something unreadable
     */
    public Evaluation evaluate(EvaluationContext context, ReadMode mode) {
        List<String> args = new ArrayList<>(List.of(mode == ReadMode.STRICT ? "strict" : "normal",
                context.conf(), context.etcDir(), context.kernelver(), context.arch(), context.kernelSourceDir(),
                context.kernelConfig(), context.dkmsTree(), context.sourceTree(), context.installTree(),
                context.module(), context.moduleVersion(), String.join(" ", DKMS_CONF_VARIABLES)));
        context.shellVariables().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> args.add(e.getKey() + "=" + e.getValue()));
        ShellResult result = shell.run(new ShellInvocation(SCRIPT, ARGV0, args, context.environment(),
                context.workingDirectory()));
        return EvaluationRecords.parse(result);
    }

    private static String loadScript() {
        try (InputStream in = ConfEvaluator.class.getResourceAsStream("read-conf.bash")) {
            if (in == null) {
                throw new IllegalStateException("read-conf.bash is missing from the farm-dkms jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
