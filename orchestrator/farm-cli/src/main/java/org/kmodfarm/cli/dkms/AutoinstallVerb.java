package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.ReadMode;
import org.kmodfarm.dkms.Ver;
import org.kmodfarm.dkms.build.DkmsFailure;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.StatusEntry;

/**
 * DKMS 3.2.2's {@code autoinstall} for one kernel: installs the latest version of every module of the tree
 * whose dkms.conf says {@code AUTOINSTALL=yes}, in BUILD_DEPENDS order, and reports which modules succeeded,
 * were skipped (BUILD_EXCLUSIVE, exit 77) or failed. Weak-installed modules (weak-modules distributions) are
 * not recognised. Not thread-safe.
 */
final class AutoinstallVerb {
    /** DKMS's exit code when a module failed or its dependencies never got installed. */
    static final int FAILED = 11;
    /** The status {@code do_build} exits with for a BUILD_EXCLUSIVE mismatch: a skip, not a failure. */
    private static final int EXCLUDED = 77;

    private final DkmsTree tree;
    private final ConfAccess confs;
    private final KernelBuild builder;
    private final BuildVerbs installs;
    private final Console console;

    AutoinstallVerb(DkmsTree tree, ConfAccess confs, KernelBuild builder, BuildVerbs installs, Console console) {
        this.tree = tree;
        this.confs = confs;
        this.builder = builder;
        this.installs = installs;
        this.console = console;
    }

    /**
     * What a run did.
     *
     * @param anyInstalled some module is installed for the kernel (already, or now): DKMS then runs
     *                     post_transaction
     */
    record Result(int code, boolean anyInstalled) {
    }

    /**
     * Runs autoinstall for {@code target}.
     *
     * @param disabled the {@code no-autoinstall} flag file; when it exists nothing is done
     * @throws DkmsExit exit 11 when a module failed or waits on missing dependencies, exit 21 when the kernel
     *                  headers are missing, or as a dkms.conf read dies
     */
    Result run(KernelArch target, Path disabled) throws IOException {
        if (Files.exists(disabled)) {
            console.out("Automatic installation of modules has been disabled.");
            return new Result(0, false);
        }
        List<String> installed = new ArrayList<>();
        Map<String, List<String>> dependsOn = new LinkedHashMap<>();
        List<ModuleVersion> toInstall = new ArrayList<>();
        for (ModuleVersion mv : latestVersions()) {
            if (tree.isInstalled(mv, target)) {
                installed.add(mv.module());
                continue;
            }
            DkmsConf conf = confs.read(confs.roots().versionDir(mv) + "/source/dkms.conf", mv.module(),
                    mv.version(), target.kernel(), target.arch(), ReadMode.NORMAL);
            if (conf.autoinstall()) {
                toInstall.add(mv);
                dependsOn.put(mv.module(), new ArrayList<>(conf.buildDepends()));
            }
        }
        if (toInstall.isEmpty()) {
            return new Result(0, !installed.isEmpty());
        }
        List<String> skipped = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int progress;
        do {
            progress = 0;
            dependsOn.values().forEach(deps -> deps.removeIf(d -> installed.contains(d) || skipped.contains(d)));
            List<ModuleVersion> waiting = new ArrayList<>();
            for (ModuleVersion mv : toInstall) {
                if (!dependsOn.get(mv.module()).isEmpty()) {
                    waiting.add(mv);
                    continue;
                }
                int status = install(mv, target);
                if (status == 0) {
                    installed.add(mv.module());
                    progress++;
                } else if (status == EXCLUDED) {
                    skipped.add(mv.module());
                    progress++;
                } else {
                    failed.add(mv.module() + "(" + status + ")");
                }
                console.out("");
            }
            toInstall = waiting;
        } while (progress > 0);
        report(target.kernel(), "succeeded", installed);
        report(target.kernel(), "was skipped", skipped);
        report(target.kernel(), "failed", failed);
        for (ModuleVersion mv : toInstall) {
            console.out(mv + " autoinstall failed due to missing dependencies: "
                    + String.join(" ", dependsOn.get(mv.module())) + ".");
        }
        if (!failed.isEmpty() || !toInstall.isEmpty()) {
            throw DkmsExit.die(FAILED, "One or more modules failed to install during autoinstall.",
                    "Refer to previous errors for more information.");
        }
        return new Result(0, !installed.isEmpty());
    }

    /** One module's install, which DKMS runs in a subshell: its failure is reported, not fatal. */
    private int install(ModuleVersion mv, KernelArch target) throws IOException {
        if (!tree.isBuilt(mv, target)) {
            try {
                builder.prepareKernelAndSigning(target);
            } catch (DkmsFailure e) {
                throw DkmsExit.withLines(e.code(), e.stderrLines());
            }
        }
        console.out("Autoinstall of module " + mv + " for kernel " + target.kernel() + " (" + target.arch() + ")");
        KernelTargets one = new KernelTargets(List.of(target.kernel()), List.of(target.arch()));
        return confs.inSubshell(() -> installs.install(mv, one));
    }

    /** Every module's latest version, in the tree's order; broken versions are reported and left out. */
    private List<ModuleVersion> latestVersions() {
        Map<String, String> latest = new LinkedHashMap<>();
        for (StatusEntry entry : tree.status("", "", "", "")) {
            ModuleVersion mv = entry.moduleVersion();
            if (entry instanceof StatusEntry.Broken) {
                console.error(List.of(mv + " is broken! Missing the source directory or the symbolic link "
                        + "pointing to it.", "Manual intervention is required!"));
                continue;
            }
            latest.merge(mv.module(), mv.version(), (old, v) -> Ver.compare(v, old) > 0 ? v : old);
        }
        return latest.entrySet().stream().map(e -> new ModuleVersion(e.getKey(), e.getValue())).toList();
    }

    private void report(String kernel, String what, List<String> modules) {
        if (!modules.isEmpty()) {
            console.out("Autoinstall on " + kernel + " " + what + " for module(s) " + String.join(" ", modules) + ".");
        }
    }
}
