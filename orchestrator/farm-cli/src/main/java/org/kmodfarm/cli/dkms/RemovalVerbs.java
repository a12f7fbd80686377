package org.kmodfarm.cli.dkms;

import java.io.IOException;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.TreeWriter;

/**
 * DKMS 3.2.2's {@code unbuild_module} and {@code remove_module}: per kernel/arch, uninstall when installed,
 * then delete the built directory; {@code remove} then deletes the version when nothing is built any more.
 * Uninstalling is {@link BuildVerbs}'s.
 */
final class RemovalVerbs {
    private final DkmsTree tree;
    private final Console console;
    private final BuildVerbs installs;
    private final Host host;

    RemovalVerbs(DkmsTree tree, Console console, BuildVerbs installs, Host host) {
        this.tree = tree;
        this.console = console;
        this.installs = installs;
        this.host = host;
    }

    /** {@code dkms unbuild}: always 0 unless DKMS would die. */
    int unbuild(ModuleVersion mv, KernelTargets targets) throws IOException {
        try (TreeWriter writer = tree.openWriter()) {
            for (int i = 0; i < targets.kernels().size(); i++) {
                if (i > 0) {
                    console.out("");
                }
                KernelArch target = new KernelArch(targets.kernel(i), targets.arch(i));
                installs.uninstallIfInstalled(mv, target);
                unbuildIfBuilt(writer, mv, target);
            }
        }
        return 0;
    }

    /** {@code dkms remove}: always 0 unless DKMS would die. */
    int remove(ModuleVersion mv, KernelTargets targets, boolean rpmSafeUpgrade) throws IOException {
        try (TreeWriter writer = tree.openWriter()) {
            writer.cleanLeftovers(mv);
            if (rpmSafeUpgrade) {
                new RpmSafeUpgrade(host).cancelIfUpgrading(mv);
            }
            for (int i = 0; i < targets.kernels().size(); i++) {
                KernelArch target = new KernelArch(targets.kernel(i), targets.arch(i));
                installs.uninstallIfInstalled(mv, target);
                unbuildIfBuilt(writer, mv, target);
                console.out("");
            }
            if (writer.removeIfUnused(mv)) {
                console.out("Deleting module " + mv + " completely from the DKMS tree.");
            }
        }
        return 0;
    }

    private void unbuildIfBuilt(TreeWriter writer, ModuleVersion mv, KernelArch target) throws IOException {
        if (!tree.isBuilt(mv, target)) {
            console.out("Module " + mv + " is not built for kernel " + target.kernel() + " (" + target.arch()
                    + "). Skipping...");
            return;
        }
        writer.unbuild(mv, target);
    }
}
