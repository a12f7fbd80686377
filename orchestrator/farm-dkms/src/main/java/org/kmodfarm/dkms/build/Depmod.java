package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.kmodfarm.dkms.tree.KernelArch;

/**
 * DKMS 3.2.2's {@code do_depmod} as {@code invoke_command} runs it: its output is discarded, and the function
 * always ends with status 0, so DKMS always prints {@code Running depmod... done.}.
 */
public final class Depmod {
    private static final List<String> INDEXES = List.of("modules.alias", "modules.dep", "modules.devname",
            "modules.softdep", "modules.symbols", "modules.weakdep");

    private final BuildIo io;
    private final Invoker invoker;
    private final Map<String, String> env;

    public Depmod(BuildIo io, Invoker invoker, Map<String, String> env) {
        this.io = io;
        this.invoker = invoker;
        this.env = Map.copyOf(env);
    }

    /**
     * DKMS's {@code depmod-pending-KERNEL-ARCH} flag at the tree's root: a deferred uninstall changed the
     * kernel's modules; the file outlives a crash, so the next run that looks still runs depmod.
     */
    static Path pendingFlag(String dkmsTree, KernelArch target) {
        return Path.of(dkmsTree, "depmod-pending-" + target.kernel() + "-" + target.arch());
    }

    static void markPending(String dkmsTree, KernelArch target) throws IOException {
        Path flag = pendingFlag(dkmsTree, target);
        if (!Files.exists(flag)) {
            Files.createFile(flag);
        }
    }

    /**
     * Runs depmod once for {@code target} if a deferred uninstall marked it pending, clearing the mark.
     *
     * @return whether depmod was pending (and {@code Running depmod... done.} printed)
     */
    public boolean runPending(String dkmsTree, String installTree, KernelArch target, boolean skip)
            throws IOException {
        if (!Files.deleteIfExists(pendingFlag(dkmsTree, target))) {
            return false;
        }
        run(installTree, target.kernel(), skip);
        return true;
    }

    /**
     * DKMS's {@code depmod -a KERNEL [-F /boot/System.map-KERNEL]}. An install tree {@code ROOT/lib/modules}
     * other than the system's is another system's root (an image, a chroot): depmod then works there, with
     * {@code -b ROOT} and that root's System.map, where DKMS 3.2.2 would index the running system's tree.
     */
    static List<String> command(String installTree, String kernel) {
        Path tree = Path.of(installTree).toAbsolutePath().normalize();
        Path root = tree.endsWith("lib/modules") && tree.getNameCount() > 2
                ? tree.getRoot().resolve(tree.subpath(0, tree.getNameCount() - 2)) : null;
        List<String> argv = new ArrayList<>(List.of("depmod"));
        if (root != null) {
            argv.addAll(List.of("-b", root.toString()));
        }
        argv.addAll(List.of("-a", kernel));
        Path systemMap = Path.of(root == null ? "/" : root.toString(), "boot", "System.map-" + kernel);
        if (Files.isRegularFile(systemMap)) {
            argv.addAll(List.of("-F", systemMap.toString()));
        }
        return argv;
    }

    /**
     * @param installTree DKMS's {@code $install_tree}
     * @param skip        {@code --no-depmod}
     */
    public void run(String installTree, String kernel, boolean skip) throws IOException {
        invoker.announce("Running depmod");
        Path lib = Path.of(installTree, kernel);
        // Without modules.dep the kernel image is not installed: DKMS leaves the directory alone.
        if (!skip && Files.isRegularFile(lib.resolve("modules.dep"))) {
            io.exec(command(installTree, kernel), Path.of("/"), env);
            if (Files.size(lib.resolve("modules.dep")) == 0) {
                // The last module of a removed kernel went: no stale index stays behind.
                for (String index : INDEXES) {
                    Files.deleteIfExists(lib.resolve(index));
                }
                try (Stream<Path> bins = Files.list(lib)) {
                    for (Path bin : bins.filter(p -> p.getFileName().toString().matches("modules\\..*\\.bin"))
                            .toList()) {
                        Files.deleteIfExists(bin);
                    }
                }
                try (Stream<Path> rest = Files.list(lib)) {
                    if (rest.findAny().isEmpty()) {
                        Files.delete(lib);
                    }
                }
            }
        }
        invoker.report("do_depmod " + kernel, 0);
    }
}
