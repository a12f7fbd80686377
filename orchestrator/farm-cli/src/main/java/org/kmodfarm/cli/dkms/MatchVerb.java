package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.StatusEntry;

/**
 * DKMS 3.2.2's {@code run_match}: builds and installs on one kernel every module version installed on a
 * template kernel, with DKMS's messages and exit codes. The status DKMS reads for the template is printed
 * as {@code do_status} would print its errors (broken modules, dkms.conf warnings).
 *
 * <p>One deliberate difference: DKMS 3.2.2 (and 3.0.10) take the module and version from the status line
 * with {@code awk '{print $1}'} and {@code '{print $2}'}, which since the 3.0 status format
 * ({@code m/v, K, A: installed}) gives "m/v" and the kernel, so every match ends in a failed build; and the
 * optional module filter ({@code grep "^m,"}) never matches. kmodfarm uses the module and version, and the
 * filter selects the module's lines (as DKMS 3.4 does with {@code ^m/}). Not thread-safe.
 */
final class MatchVerb {
    private final DkmsTree tree;
    private final ConfAccess confs;
    private final Console console;
    private final BuildVerbs installs;

    MatchVerb(DkmsTree tree, ConfAccess confs, Console console, BuildVerbs installs) {
        this.tree = tree;
        this.confs = confs;
        this.console = console;
        this.installs = installs;
    }

    /**
     * {@code match --templatekernel T -k K [module]} once DKMS's root and single-kernel checks passed.
     *
     * @return the last module's install status, as DKMS's loop returns; 0 when there is nothing to do
     */
    int run(String templateKernel, DkmsOptions options, KernelTargets targets) throws IOException {
        String kernel = targets.kernel(0);
        String arch = targets.arch(0);
        if (templateKernel.isEmpty()) {
            throw DkmsExit.die(1, "Invalid number of parameters passed.",
                    "Usage: match --templatekernel=<kernel-version> -k <kernel-version>",
                    "   or: match --templatekernel=<kernel-version> -k <kernel-version> <module>");
        }
        if (templateKernel.equals(kernel)) {
            throw DkmsExit.die(2, "The templatekernel and the specified kernel version are the same.");
        }
        List<StatusEntry.Built> installed = installedOn(templateKernel, arch);
        String module = options.module();
        if (!module.isEmpty()) {
            if (!Files.isDirectory(Path.of(confs.roots().dkmsTree(), module))) {
                throw DkmsExit.die(3, "The module: " + module + " is not located in the DKMS tree.");
            }
            installed = installed.stream().filter(b -> b.moduleVersion().module().equals(module)).toList();
        }
        console.out("");
        console.out("Matching modules in kernel: " + kernel + " (" + arch + ")");
        console.out("to the configuration of kernel: " + templateKernel + " (" + arch + ")");
        if (installed.isEmpty()) {
            console.out("");
            console.out("There is nothing to be done for this match.");
            return 0;
        }
        if (!Files.exists(Path.of(confs.kernelSourceDir(kernel), "include"))) {
            String lib = confs.roots().installTree() + "/" + kernel;
            throw DkmsExit.die(21, "Your kernel headers for kernel " + kernel + " cannot be found at " + lib
                    + "/build or " + lib + "/source.", "Please install the linux-headers-" + kernel
                    + " package or use the --kernelsourcedir option to tell DKMS where it's located.");
        }
        KernelTargets one = new KernelTargets(List.of(kernel), List.of(arch));
        int status = 0;
        for (StatusEntry.Built b : installed) {
            console.out("Module:  " + b.moduleVersion().module());
            console.out("Version: " + b.moduleVersion().version());
            if (tree.isBroken(b.moduleVersion())) {
                console.error(List.of(b.moduleVersion() + " is broken!",
                        "Missing the source directory or the symbolic link pointing to it.",
                        "Manual intervention is required!"));
                status = 0;
                continue;
            }
            // maybe_build_module and maybe_install_module, each in its own subshell.
            confs.inSubshell(() -> installs.build(b.moduleVersion(), one));
            status = confs.inSubshell(() -> installs.install(b.moduleVersion(), one));
        }
        return status;
    }

    /**
     * {@code do_status '' '' T A | grep ": installed"}, in a subshell: the lines are kept, the errors go to
     * stderr as they would from the command substitution.
     */
    private List<StatusEntry.Built> installedOn(String templateKernel, String arch) throws IOException {
        List<StatusEntry.Built> found = new ArrayList<>();
        StatusNotes notes = new StatusNotes(tree, confs);
        confs.inSubshell(() -> {
            for (StatusEntry entry : tree.status("", "", templateKernel, arch)) {
                if (entry instanceof StatusEntry.Broken) {
                    console.error(List.of(entry.moduleVersion() + ": Missing the module source directory or the "
                            + "symbolic link pointing to it.", "Manual intervention is required!"));
                } else if (entry instanceof StatusEntry.Built b) {
                    try {
                        notes.of(b);
                    } catch (DkmsExit e) {
                        e.stderrLines().forEach(console::err);
                    }
                    if (b.installed()) {
                        found.add(b);
                    }
                }
            }
            return 0;
        });
        return found;
    }
}
