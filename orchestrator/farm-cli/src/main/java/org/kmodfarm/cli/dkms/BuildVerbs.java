package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.ReadMode;
import org.kmodfarm.dkms.build.BuildIo;
import org.kmodfarm.dkms.build.Depmod;
import org.kmodfarm.dkms.build.DkmsFailure;
import org.kmodfarm.dkms.build.InstallRequest;
import org.kmodfarm.dkms.build.Invoker;
import org.kmodfarm.dkms.build.ModprobeOnInstall;
import org.kmodfarm.dkms.build.ModuleInstall;
import org.kmodfarm.dkms.build.ModuleSuffix;
import org.kmodfarm.dkms.build.ModuleUninstall;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.StatusEntry;
import org.kmodfarm.dkms.tree.TreeWriter;

/**
 * DKMS 3.2.2's {@code build_module}, {@code install_module} and {@code uninstall_module}. DKMS runs each
 * kernel's {@code maybe_*} in a subshell: a failure ends that kernel only, and the verb's status is the last
 * kernel's. Not thread-safe.
 */
final class BuildVerbs {
    private final DkmsTree tree;
    private final Console console;
    private final DkmsOptions options;
    private final BuildIo io;
    private final KernelBuild builder;
    private final Host host;
    private final boolean deferDepmod;

    BuildVerbs(DkmsTree tree, Console console, Host host, DkmsOptions options, BuildIo io, KernelBuild builder) {
        this(tree, console, host, options, io, builder, false);
    }

    private BuildVerbs(DkmsTree tree, Console console, Host host, DkmsOptions options, BuildIo io,
            KernelBuild builder, boolean deferDepmod) {
        this.tree = tree;
        this.console = console;
        this.host = host;
        this.options = options;
        this.io = io;
        this.builder = builder;
        this.deferDepmod = deferDepmod;
    }

    /**
     * The same verbs with DKMS's {@code delayed_depmod}: uninstalls mark depmod pending for the caller to run
     * once ({@link #runPendingDepmod}).
     */
    BuildVerbs deferringDepmod() {
        return new BuildVerbs(tree, console, host, options, io, builder, true);
    }

    /** Runs depmod for {@code target} if an uninstall deferred it; prints DKMS's line only then. */
    void runPendingDepmod(KernelArch target) throws IOException {
        new Depmod(io, invoker(), host.environment()).runPending(options.dkmsTree(), options.installTree(), target,
                options.noDepmod());
    }

    /** One kernel's work, which may die as DKMS does. */
    @FunctionalInterface
    private interface PerKernel {
        void run(KernelArch target) throws IOException, DkmsFailure;
    }

    /** A verb's work over all its kernels. */
    @FunctionalInterface
    private interface Verb {
        int run() throws IOException;
    }

    /**
     * Runs {@code verb} holding the tree's writer lock, so that no other dkms changes the module meanwhile; the
     * implicit add and unbuild inside take the same lock again, which it allows.
     */
    private int locked(Verb verb) throws IOException {
        TreeWriter writer = tree.openWriter();
        try {
            return verb.run();
        } finally {
            writer.close();
        }
    }

    /** DKMS's {@code build_module}, under the writer lock. @return the last kernel's status */
    int build(ModuleVersion mv, KernelTargets targets) throws IOException {
        return locked(() -> each(targets, false, target -> {
            if (tree.isBuilt(mv, target)) {
                if (!options.force()) {
                    console.out("Module " + mv + " already built for kernel " + target.kernel() + " ("
                            + target.arch() + "), skip. You may override by specifying --force.");
                    return;
                }
                unbuild(mv, target);
            }
            builder.build(mv, target);
        }));
    }

    /** DKMS's {@code install_module}, under the writer lock. @return the last kernel's status */
    int install(ModuleVersion mv, KernelTargets targets) throws IOException {
        return locked(() -> each(targets, false, target -> {
            if (tree.isInstalled(mv, target)) {
                if (!options.force()) {
                    console.out("Module " + mv + " already installed on kernel " + target.kernel() + " ("
                            + target.arch() + "), skip. You may override by specifying --force.");
                    return;
                }
                uninstall(mv, target);
                console.out("");
            }
            installOne(mv, target);
        }));
    }

    /** DKMS's {@code uninstall_module}, under the writer lock. @return the last kernel's status */
    int uninstall(ModuleVersion mv, KernelTargets targets) throws IOException {
        return locked(() -> each(targets, true, target -> uninstallIfInstalled(mv, target)));
    }

    /** {@code maybe_uninstall_module}, also for unbuild and remove. */
    void uninstallIfInstalled(ModuleVersion mv, KernelArch target) throws IOException {
        if (!tree.isInstalled(mv, target)) {
            console.out("Module " + mv + " is not installed for kernel " + target.kernel() + " (" + target.arch()
                    + "). Skipping...");
            return;
        }
        uninstall(mv, target);
    }

    private int each(KernelTargets targets, boolean separate, PerKernel work) throws IOException {
        int status = 0;
        for (int i = 0; i < targets.kernels().size(); i++) {
            if (separate && i > 0) {
                console.out("");
            }
            try {
                work.run(new KernelArch(targets.kernel(i), targets.arch(i)));
                status = 0;
            } catch (DkmsFailure e) {
                e.stderrLines().forEach(console::err);
                status = e.code();
            } catch (DkmsExit e) {
                e.stderrLines().forEach(console::err);
                status = e.code();
            }
        }
        return status;
    }

    private void installOne(ModuleVersion mv, KernelArch target) throws IOException, DkmsFailure {
        if (!tree.isBuilt(mv, target)) {
            builder.build(mv, target);
        }
        String lib = options.installTree() + "/" + target.kernel();
        if (!Files.exists(Path.of(lib))) {
            throw DkmsFailure.die(6, "The directory " + lib + " doesn't exist.",
                    "You cannot install a module onto a non-existant kernel.");
        }
        InstallRequest request = request(mv, target, ReadMode.STRICT);
        ModuleInstall.checkComplete(request);
        if (tree.isInstalled(mv, target)) {
            throw DkmsFailure.die(5, "This module/version combo is already installed for kernel " + target.kernel()
                    + " (" + target.arch() + ").");
        }
        new ModuleInstall(io, builder.output(), invoker()).run(request);
        // Only the running kernel can load them (DKMS: $kernelver = $(uname -r)).
        if (options.modprobeOnInstall() && target.kernel().equals(host.kernelRelease())) {
            new ModprobeOnInstall(io, builder.output(), host.environment()).run(request.conf().modules().stream()
                    .map(m -> m.destName()).toList());
        }
        rebuildDependents(target);
    }

    /**
     * DKMS's {@code check_and_rebuild_dependent_modules}, the end of every install: each module version built
     * for the kernel with BUILD_DEPENDS_REBUILD whose dependencies changed since its build is uninstalled,
     * unbuilt, built and installed again (which checks again). 3.2.2 means to order them by their
     * dependencies, but its check never matches, so they go in the tree's order; kmodfarm does the same.
     */
    private void rebuildDependents(KernelArch target) throws IOException, DkmsFailure {
        DependencyVersions versions = new DependencyVersions(tree);
        List<ModuleVersion> stale = new ArrayList<>();
        for (StatusEntry entry : tree.status("", "", target.kernel(), target.arch())) {
            if (!(entry instanceof StatusEntry.Built built)) {
                continue;
            }
            ModuleVersion mv = built.moduleVersion();
            DkmsConf conf = builder.conf(mv, target, ReadMode.NORMAL);
            if (conf.buildDepends().isEmpty() || !conf.buildDependsRebuild() || options.force()) {
                continue;
            }
            if (versions.updated(mv, target, builder.conf(mv, target, ReadMode.STRICT).buildDepends())) {
                stale.add(mv);
            }
        }
        for (ModuleVersion mv : stale) {
            console.out("");
            console.out("Rebuilding module " + mv + " due to updated dependencies");
            console.out("");
            uninstall(mv, target);
            unbuild(mv, target);
            builder.build(mv, target);
            installOne(mv, target);
        }
    }

    /** {@code do_uninstall}. */
    void uninstall(ModuleVersion mv, KernelArch target) throws IOException {
        console.out("Module " + mv + " for kernel " + target.kernel() + " (" + target.arch() + "):");
        new ModuleUninstall(io, builder.output(), invoker()).run(request(mv, target, ReadMode.NORMAL));
    }

    private void unbuild(ModuleVersion mv, KernelArch target) throws IOException {
        try (TreeWriter writer = tree.openWriter()) {
            writer.unbuild(mv, target);
        }
    }

    private InstallRequest request(ModuleVersion mv, KernelArch target, ReadMode mode) {
        ModuleSuffix suffix = builder.suffix(target.kernel());
        DkmsConf conf = builder.conf(mv, target, mode);
        return new InstallRequest(mv, target, tree.roots(), conf, suffix, options.force() || options.rpmSafeUpgrade(),
                host.runningDistribution().orElse(""), options.noDepmod(), host.environment(), deferDepmod);
    }

    private Invoker invoker() {
        return new Invoker(io, builder.output(), Clock.systemDefaultZone());
    }

    /** DKMS's {@code execute_post_transaction}, after a successful install, uninstall, unbuild or remove. */
    static void postTransaction(BuildIo io, Console console, Host host, FrameworkConf framework, String dkmsTree,
            String kernelver) throws IOException {
        Path log = Path.of(dkmsTree, "post_transaction.log");
        Files.writeString(log, "");
        String command = framework.read(kernelver, List.of("post_transaction")).get("post_transaction");
        new Invoker(io, new ConsoleOutput(console), Clock.systemDefaultZone()).logged(command,
                "Executing post-transaction command", log, Path.of(host.workingDirectory()), host.environment());
    }
}
