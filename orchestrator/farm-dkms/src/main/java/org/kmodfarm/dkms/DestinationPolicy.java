package org.kmodfarm.dkms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * DKMS 3.2.2's {@code override_dest_module_location}: where a module is really installed under
 * {@code /lib/modules/<kernel>}, whatever DEST_MODULE_LOCATION says, on the distributions DKMS knows.
 *
 * @param runningDistribution what DKMS's {@code distro_version} printed (see {@link #runningDistribution})
 * @param addonModulesDir     {@code ADDON_MODULES_DIR}, empty when unset; when set it wins everywhere
 */
public record DestinationPolicy(String runningDistribution, String addonModulesDir) {
    public DestinationPolicy {
        Objects.requireNonNull(runningDistribution, "runningDistribution");
        Objects.requireNonNull(addonModulesDir, "addonModulesDir");
    }

    /**
     * The location DKMS installs into for a module whose DEST_MODULE_LOCATION is {@code location}.
     * Fedora, RHEL and (3.2.2 only) Oracle VM get {@code /extra}; SUSE {@code /updates}; Debian, Ubuntu and
     * Arch {@code /updates/dkms}; anything else (Alpine, Gentoo, …) keeps {@code location}. Trailing newlines
     * go, as through DKMS's command substitution.
     */
    public String override(String location) {
        String d = runningDistribution;
        String result;
        if (!addonModulesDir.isEmpty()) {
            result = "/" + addonModulesDir;
        } else if (d.startsWith("fedora") || d.startsWith("rhel") || d.startsWith("ovm")) {
            result = "/extra";
        } else if (d.startsWith("sles") || d.startsWith("suse") || d.startsWith("opensuse")) {
            result = "/updates";
        } else if (d.startsWith("debian") || d.startsWith("ubuntu") || d.startsWith("arch")) {
            result = "/updates/dkms";
        } else {
            result = location;
        }
        return result.replaceFirst("\n+$", "");
    }

    /**
     * DKMS's {@code distro_version}: from the first of {@code candidates} that exists (DKMS: {@code
     * /etc/os-release}, {@code /usr/lib/os-release}), {@code ubuntu} when ID is ubuntu, else the whole ID_LIKE
     * string when ID_LIKE is assigned at all (even empty), else ID.
     *
     * @return empty when no candidate exists: DKMS then dies with exit 4, "System is missing os-release file."
     */
    public static Optional<String> runningDistribution(List<Path> candidates) {
        for (Path file : candidates) {
            if (Files.exists(file)) {
                Map<String, String> v = ShellAssignments.read(file);
                String id = v.getOrDefault("ID", "");
                if (id.equals("ubuntu")) {
                    return Optional.of(id);
                }
                return Optional.of(v.containsKey("ID_LIKE") ? v.get("ID_LIKE") : id);
            }
        }
        return Optional.empty();
    }

    /**
     * DKMS's {@code addon_modules_dir}: {@code ADDON_MODULES_DIR} from the environment or, when that is empty,
     * from {@code moduleInitTools} (DKMS: {@code /etc/sysconfig/module-init-tools}) if that file exists.
     */
    public static String addonModulesDir(Map<String, String> environment, Path moduleInitTools) {
        String fromEnv = environment.getOrDefault("ADDON_MODULES_DIR", "");
        if (!fromEnv.isEmpty() || !Files.exists(moduleInitTools)) {
            return fromEnv;
        }
        return ShellAssignments.read(moduleInitTools).getOrDefault("ADDON_MODULES_DIR", "");
    }
}
