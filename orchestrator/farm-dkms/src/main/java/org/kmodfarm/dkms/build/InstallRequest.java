package org.kmodfarm.dkms.build;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.TreeRoots;

/**
 * One built module version to install into (or uninstall from) one kernel/arch.
 *
 * @param suffix       how the kernel's modules are compressed
 * @param force        {@code --force}
 * @param distribution DKMS's {@code running_distribution}
 * @param noDepmod     {@code --no-depmod}
 * @param environment  the environment hooks and tools run with
 * @param deferDepmod  DKMS's {@code delayed_depmod}: uninstalling marks depmod pending instead of running it,
 *                     for a caller that runs it once after many modules ({@link Depmod#runPending})
 */
public record InstallRequest(ModuleVersion mv, KernelArch target, TreeRoots roots, DkmsConf conf,
        ModuleSuffix suffix, boolean force, String distribution, boolean noDepmod, Map<String, String> environment,
        boolean deferDepmod) {
    public InstallRequest {
        Objects.requireNonNull(mv, "mv");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(roots, "roots");
        Objects.requireNonNull(conf, "conf");
        Objects.requireNonNull(suffix, "suffix");
        Objects.requireNonNull(distribution, "distribution");
        environment = Map.copyOf(environment);
    }

    Path baseDir() {
        return Path.of(roots.builtDir(mv, target));
    }

    /** {@code <install_tree>/<kernel>}. */
    Path libTree() {
        return Path.of(roots.installTree(), target.kernel());
    }

    /** {@code <dkms_tree>/<module>/original_module/<kernel>/<arch>}. */
    Path backupDir() {
        return Path.of(roots.dkmsTree(), mv.module(), "original_module", target.kernel(), target.arch());
    }

    /** {@code <dkms_tree>/<module>/kernel-<kernel>-<arch>}, the link naming the installed version. */
    Path activeLink() {
        return Path.of(roots.dkmsTree(), mv.module(), "kernel-" + target.kernel() + "-" + target.arch());
    }
}
