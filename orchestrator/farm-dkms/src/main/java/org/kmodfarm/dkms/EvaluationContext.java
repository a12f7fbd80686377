package org.kmodfarm.dkms;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything DKMS 3.2.2's {@code read_conf} lets a dkms.conf see, for one module, version, kernel and arch.
 * Paths are strings on the machine where bash runs (this host, or a build container).
 *
 * @param conf             the dkms.conf to read
 * @param etcDir           where the override files {@code <module>.conf}, {@code <module>-<version>.conf}, …
 *                         are looked up; DKMS uses {@code /etc/dkms}
 * @param workingDirectory the cwd while the files are sourced: DKMS keeps its caller's
 * @param kernelver        {@code $kernelver}, the kernel the configuration is read for
 * @param arch             {@code $arch}
 * @param kernelSourceDir  {@code $kernel_source_dir}, DKMS's default {@code <install_tree>/<kernel>/build}
 * @param kernelConfig     {@code $kernel_config}, DKMS's default {@code <kdir>/include/config/auto.conf} if it
 *                         exists, else {@code <kdir>/.config}
 * @param dkmsTree         {@code $dkms_tree}
 * @param sourceTree       {@code $source_tree}
 * @param installTree      {@code $install_tree}
 * @param module           {@code $module}; empty while DKMS first reads a conf during {@code add}
 * @param moduleVersion    {@code $module_version}; empty likewise
 * @param shellVariables   further unexported shell variables DKMS would have set (e.g. {@code module_suffix},
 *                         {@code running_distribution}, {@code parallel_jobs}); names must be identifiers
 * @param environment      the exported environment of the shell, complete (nothing else is inherited)
 */
public record EvaluationContext(String conf, String etcDir, String workingDirectory, String kernelver,
        String arch, String kernelSourceDir, String kernelConfig, String dkmsTree, String sourceTree,
        String installTree, String module, String moduleVersion, Map<String, String> shellVariables,
        Map<String, String> environment) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public EvaluationContext {
        for (String value : new String[] {conf, etcDir, workingDirectory, kernelver, arch, kernelSourceDir,
                kernelConfig, dkmsTree, sourceTree, installTree, module, moduleVersion}) {
            Objects.requireNonNull(value, "EvaluationContext components must not be null");
        }
        shellVariables = Map.copyOf(shellVariables);
        environment = Map.copyOf(environment);
        shellVariables.keySet().forEach(name -> {
            if (!IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("not a shell variable name: '" + name + "'");
            }
        });
    }

    /**
     * DKMS's defaults for a module read for a kernel: trees under {@code /var/lib/dkms}, {@code /usr/src},
     * {@code /lib/modules}; {@code /etc/dkms}; cwd {@code /}; the kernel's {@code .config}; no environment.
     */
    public static EvaluationContext defaults(String conf, String module, String moduleVersion, String kernelver,
            String arch) {
        String kdir = "/lib/modules/" + kernelver + "/build";
        return new EvaluationContext(conf, "/etc/dkms", "/", kernelver, arch, kdir, kdir + "/.config",
                "/var/lib/dkms", "/usr/src", "/lib/modules", module, moduleVersion, Map.of(), Map.of());
    }

    /** A copy whose override files are looked up in {@code dir}. */
    public EvaluationContext withEtcDir(String dir) {
        return new EvaluationContext(conf, dir, workingDirectory, kernelver, arch, kernelSourceDir, kernelConfig,
                dkmsTree, sourceTree, installTree, module, moduleVersion, shellVariables, environment);
    }

    /** A copy sourced with {@code dir} as cwd. */
    public EvaluationContext withWorkingDirectory(String dir) {
        return new EvaluationContext(conf, etcDir, dir, kernelver, arch, kernelSourceDir, kernelConfig,
                dkmsTree, sourceTree, installTree, module, moduleVersion, shellVariables, environment);
    }

    /** A copy with another kernel source directory and kernel config. */
    public EvaluationContext withKernel(String sourceDir, String config) {
        return new EvaluationContext(conf, etcDir, workingDirectory, kernelver, arch, sourceDir, config,
                dkmsTree, sourceTree, installTree, module, moduleVersion, shellVariables, environment);
    }

    /** A copy with other DKMS, source and install trees. */
    public EvaluationContext withTrees(String dkms, String source, String install) {
        return new EvaluationContext(conf, etcDir, workingDirectory, kernelver, arch, kernelSourceDir,
                kernelConfig, dkms, source, install, module, moduleVersion, shellVariables, environment);
    }

    /** A copy with other shell variables and environment. */
    public EvaluationContext withVariables(Map<String, String> shell, Map<String, String> env) {
        return new EvaluationContext(conf, etcDir, workingDirectory, kernelver, arch, kernelSourceDir,
                kernelConfig, dkmsTree, sourceTree, installTree, module, moduleVersion, shell, env);
    }
}
