package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.ReadMode;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;

/**
 * DKMS 3.2.2's {@code kernel_preinst} and {@code kernel_prerm}, which a kernel package's hooks call: every
 * module version built for the kernel is unbuilt (uninstalled first), each as in a subshell so that one failure
 * does not stop the others, with depmod run once at the end; {@code kernel_preinst} only touches AUTOINSTALL
 * modules, which {@code kernel_postinst} will build again. Not thread-safe.
 */
final class KernelRemovalVerbs {
    /** DKMS's exit code when unbuilding some module failed. */
    static final int FAILED = 14;

    private final DkmsTree tree;
    private final ConfAccess confs;
    private final BuildVerbs installs;
    private final Console console;
    private final Host host;

    KernelRemovalVerbs(DkmsTree tree, ConfAccess confs, BuildVerbs installs, Console console, Host host) {
        this.tree = tree;
        this.confs = confs;
        this.installs = installs;
        this.console = console;
        this.host = host;
    }

    /**
     * {@code dkms kernel_preinst}: before a kernel package is upgraded in place.
     *
     * @throws DkmsExit 14 when some module could not be removed, or as a dkms.conf read dies
     */
    int preinst(KernelArch target) throws IOException {
        return removeAll("kernel_preinst", target, true);
    }

    /**
     * {@code dkms kernel_prerm}: before a kernel package is removed; AUTOINSTALL or not.
     *
     * @throws DkmsExit 14 when some module could not be removed
     */
    int prerm(KernelArch target) throws IOException {
        return removeAll("kernel_prerm", target, false);
    }

    private int removeAll(String action, KernelArch target, boolean autoinstallOnly) throws IOException {
        BuildVerbs deferring = installs.deferringDepmod();
        RemovalVerbs removal = new RemovalVerbs(tree, console, deferring, host);
        KernelTargets one = new KernelTargets(List.of(target.kernel()), List.of(target.arch()));
        String on = target.kernel() + " (" + target.arch() + ")";
        StringBuilder failed = new StringBuilder();
        for (ModuleVersion mv : moduleVersions()) {
            if (!tree.isBuilt(mv, target)) {
                continue;
            }
            if (autoinstallOnly) {
                // Outside the subshell in DKMS: a conf it refuses ends the whole run.
                DkmsConf conf = confs.read(confs.roots().versionDir(mv) + "/source/dkms.conf", mv.module(),
                        mv.version(), target.kernel(), target.arch(), ReadMode.NORMAL);
                if (!conf.autoinstall()) {
                    continue;
                }
            }
            console.err("dkms: removing module " + mv + " for kernel " + on);
            int status = confs.inSubshell(() -> {
                try {
                    return removal.unbuild(mv, one);
                } catch (DkmsExit e) {
                    e.stderrLines().forEach(console::err);
                    return e.code();
                }
            });
            if (status != 0) {
                failed.append(' ').append(mv).append('(').append(status).append(')');
            }
            if (!autoinstallOnly) {
                console.out("");
            }
        }
        installs.runPendingDepmod(target);
        deleteEmptyDirectories(Path.of(confs.roots().installTree(), target.kernel()));
        if (!failed.isEmpty()) {
            throw DkmsExit.die(FAILED, "dkms " + action + " for kernel " + on + " failed for module(s)" + failed + ".");
        }
        return 0;
    }

    /**
     * DKMS's {@code list_module_version_combos}: every {@code <dkms_tree>/<module>/<version>} directory but the
     * {@code kernel-K-A} links, in glob order.
     */
    private List<ModuleVersion> moduleVersions() throws IOException {
        List<ModuleVersion> found = new ArrayList<>();
        for (Path module : sortedDirectories(Path.of(confs.roots().dkmsTree()))) {
            for (Path version : sortedDirectories(module)) {
                String name = version.getFileName().toString();
                if (!name.matches("kernel-.*-.*")) {
                    found.add(new ModuleVersion(module.getFileName().toString(), name));
                }
            }
        }
        return found;
    }

    private static List<Path> sortedDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** {@code find DIR -type d -empty -delete}: what unbuilding left empty under the kernel's module tree. */
    private static void deleteEmptyDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(dir)) {
            dirs = walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        // Walked parents first: in reverse every directory comes after its subdirectories.
        for (int i = dirs.size() - 1; i >= 0; i--) {
            try (Stream<Path> children = Files.list(dirs.get(i))) {
                if (children.findAny().isPresent()) {
                    continue;
                }
            }
            Files.delete(dirs.get(i));
        }
    }
}
