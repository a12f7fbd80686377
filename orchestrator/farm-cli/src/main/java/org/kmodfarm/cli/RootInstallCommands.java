package org.kmodfarm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.kmodfarm.core.farm.DeclaredDirectives;
import org.kmodfarm.core.io.TreeLock;
import org.kmodfarm.dkms.build.BuildOutput;
import org.kmodfarm.dkms.build.LocalBuildIo;
import org.kmodfarm.dkms.build.RootInstall;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kmodfarm install} and {@code uninstall}: the tree's BUILT modules into (and out of) another system's
 * root, for golden images and chroots, through {@link RootInstall}. Installing onto this machine is the {@code dkms}
 * entry point's job ({@code dkms install}), which runs the module's scripts as DKMS does.
 */
final class RootInstallCommands {
    private RootInstallCommands() {
    }

    /** One root's change for one cell. */
    @FunctionalInterface
    interface Action {
        /** @return whether anything changed */
        boolean apply(RootInstall installer, RootInstall.Request request) throws IOException;
    }

    /** What both verbs take and do. */
    abstract static class Verb implements Callable<Integer> {
        final Context context;
        private final String done;
        private final Action action;

        @Parameters(index = "0", paramLabel = "NAME/VERSION", description = "A module version of the tree.")
        String module;

        @Option(names = "--root", paramLabel = "DIR", required = true,
                description = "The root of the image or chroot: its lib/modules/KERNEL, var/lib/dkms (DKMS's "
                        + "records, original modules) and usr/src are used; nothing outside it is changed.")
        Path root;

        @Option(names = {"-k", "--kernel"}, paramLabel = "KERNEL", description = "A kernel release; repeatable "
                + "(default: every kernel the module BUILT for that the root has in lib/modules).")
        List<String> kernels = new ArrayList<>();

        Verb(Context context, String done, Action action) {
            this.context = context;
            this.done = done;
            this.action = action;
        }

        @Override
        public Integer call() throws Exception {
            Path tree = context.tree().toAbsolutePath().normalize();
            if (!module.matches("[^/]+/[^/]+") || !Files.isDirectory(tree.resolve(module).resolve("source"))) {
                throw new BadInputException(List.of(new Problem(SourceLocation.wholeFile(tree.resolve(module)),
                        module + " is not a module version of the tree " + tree, "build it first (kmodfarm build "
                                + "SOURCE), or name one that kmodfarm history lists")));
            }
            ModuleVersion mv = new ModuleVersion(module.substring(0, module.indexOf('/')),
                    module.substring(module.indexOf('/') + 1));
            Path dir = context.resolvePath(root).toAbsolutePath().normalize();
            Path source = tree.resolve(module).resolve("source").toRealPath();
            // DEST_MODULE_LOCATION read literally; Debian, Ubuntu, Arch, Fedora, SUSE roots override it anyway.
            String destination = DeclaredDirectives.words(source, "DEST_MODULE_LOCATION").orElse(List.of())
                    .stream().findFirst().orElse("/updates");
            RootInstall installer = new RootInstall(new LocalBuildIo(), output(), System.getenv());
            int changed = 0;
            // The tree's writer lock: a build replacing the cell meanwhile would mix two builds' files.
            TreeLock lock = TreeLock.acquire(tree);
            try {
                for (Path built : built(tree, mv, dir)) {
                    KernelArch target = new KernelArch(built.getParent().getFileName().toString(),
                            built.getFileName().toString());
                    if (action.apply(installer, new RootInstall.Request(dir, mv, target, built, source,
                            destination))) {
                        changed++;
                    }
                }
            } finally {
                lock.close();
            }
            context.out().println(done + " " + module + " for " + changed + " kernel(s) in " + dir);
            context.out().flush();
            return ExitCodes.OK;
        }

        /** The BUILT cells {@code NAME/VERSION/KERNEL/ARCH} to act on. */
        private List<Path> built(Path tree, ModuleVersion mv, Path dir) throws IOException {
            List<Path> cells = new ArrayList<>();
            try (Stream<Path> kernelDirs = Files.list(tree.resolve(mv.module()).resolve(mv.version()))) {
                for (Path k : kernelDirs.filter(Files::isDirectory).sorted().toList()) {
                    String kernel = k.getFileName().toString();
                    boolean wanted = kernels.isEmpty() ? Files.isDirectory(dir.resolve("lib/modules").resolve(kernel))
                            : kernels.contains(kernel);
                    if (!kernel.equals("source") && wanted) {
                        try (Stream<Path> arches = Files.list(k)) {
                            arches.filter(a -> Files.isDirectory(a.resolve("module"))).sorted().forEach(cells::add);
                        }
                    }
                }
            }
            List<String> missing = kernels.stream().filter(k -> cells.stream()
                    .noneMatch(c -> c.getParent().getFileName().toString().equals(k))).toList();
            if (!missing.isEmpty()) {
                throw new BadInputException(missing.stream().map(k -> new Problem(SourceLocation.wholeFile(
                        tree.resolve(module)), module + " has no BUILT cell for kernel " + k,
                        "build it for that kernel first: kmodfarm build " + module + " -k " + k)).toList());
            }
            return cells;
        }

        private BuildOutput output() {
            return new BuildOutput() {
                @Override
                public void out(String text) {
                    context.out().print(text);
                }

                @Override
                public void err(String text) {
                    context.err().print(text);
                }
            };
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Installs a BUILT module version of the tree into an image or chroot root where DKMS "
                    + "would: ROOT/lib/modules/KERNEL/DEST_MODULE_LOCATION (updates/dkms on Debian, Ubuntu and "
                    + "Arch, extra on Fedora/RHEL, updates on SUSE, from the root's os-release), registered in the "
                    + "root's DKMS tree (ROOT/var/lib/dkms, so its dkms status shows it installed); a same-named "
                    + "module of the root is moved to ROOT/var/lib/dkms/NAME/original_module/ and restored by "
                    + "uninstall. Then depmod -b ROOT KERNEL (with ROOT/boot/System.map-KERNEL when present).",
                "The module's dkms.conf scripts (PRE_INSTALL, POST_INSTALL) are not run on this machine. "
                        + "Installing onto this machine itself is the dkms entry point's 'dkms install'."})
    static final class Install extends Verb {
        Install(Context context) {
            super(context, "installed", RootInstall::install);
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true,
            description = "Uninstalls what 'kmodfarm install --root' installed: deletes the module's files from "
                    + "ROOT/lib/modules/KERNEL, restores the root's original modules, drops the root's DKMS "
                    + "'installed' link (the module stays built there, as DKMS's uninstall leaves it), then "
                    + "depmod -b ROOT KERNEL.")
    static final class Uninstall extends Verb {
        Uninstall(Context context) {
            super(context, "uninstalled", RootInstall::uninstall);
        }
    }
}
