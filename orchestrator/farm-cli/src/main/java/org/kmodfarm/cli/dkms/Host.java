package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kmodfarm.dkms.DestinationPolicy;

/**
 * What DKMS asks the machine it runs on: {@code uname -r}, {@code uname -m}, {@code id -u}, the os-release
 * distribution, the environment and cwd, and {@code $0}. A value so that tests can pretend.
 *
 * @param runningDistribution DKMS's {@code distro_version}; empty when no os-release file exists
 * @param addonModulesDir     {@code ADDON_MODULES_DIR} from the environment or module-init-tools
 * @param environment         the environment, with DKMS's {@code unset CC CXX CFLAGS CXXFLAGS LDFLAGS} applied
 * @param argv0               the name DKMS's usage text starts with
 */
record Host(String kernelRelease, String machine, boolean root, Optional<String> runningDistribution,
        String addonModulesDir, Map<String, String> environment, String workingDirectory, String argv0) {
    private static final List<String> UNSET = List.of("CC", "CXX", "CFLAGS", "CXXFLAGS", "LDFLAGS");

    Host {
        Objects.requireNonNull(kernelRelease, "kernelRelease");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(runningDistribution, "runningDistribution");
        Objects.requireNonNull(addonModulesDir, "addonModulesDir");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(argv0, "argv0");
    }

    /** This host with one more environment variable (replacing one of the same name). */
    Host withEnvironment(String name, String value) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put(name, value);
        return new Host(kernelRelease, machine, root, runningDistribution, addonModulesDir, env, workingDirectory,
                argv0);
    }

    /** This machine, read from /proc and /etc as DKMS's commands would. */
    static Host detect(String argv0) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        UNSET.forEach(env::remove);
        return new Host(proc("/proc/sys/kernel/osrelease"), hostMachine(), uid() == 0,
                DestinationPolicy.runningDistribution(List.of(Path.of("/etc/os-release"),
                        Path.of("/usr/lib/os-release"))),
                DestinationPolicy.addonModulesDir(env, Path.of("/etc/sysconfig/module-init-tools")), env,
                System.getProperty("user.dir"), argv0);
    }

    private static String hostMachine() {
        String arch = proc("/proc/sys/kernel/arch");
        if (!arch.isEmpty()) {
            return arch;
        }
        // Kernels before 5.x have no /proc/sys/kernel/arch; the JVM names x86_64 "amd64".
        String jvm = System.getProperty("os.arch");
        return jvm.equals("amd64") ? "x86_64" : jvm;
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    private static String proc(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
