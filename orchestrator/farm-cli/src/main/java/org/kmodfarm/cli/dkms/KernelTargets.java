package org.kmodfarm.cli.dkms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.StatusEntry;

/**
 * DKMS 3.2.2's {@code setup_kernels_arches}: the kernel and arch lists a verb works on.
 *
 * @param kernels DKMS's {@code kernelver} array
 * @param arches  DKMS's {@code arch} array; as long as {@code kernels} once filled, except when DKMS leaves a
 *                lone default arch next to an empty kernel list ({@code --all} with nothing built)
 */
record KernelTargets(List<String> kernels, List<String> arches) {
    KernelTargets {
        kernels = List.copyOf(kernels);
        arches = List.copyOf(arches);
    }

    /** {@code kernelver[i]} or empty, as bash expands a missing element. */
    String kernel(int i) {
        return i < kernels.size() ? kernels.get(i) : "";
    }

    /** {@code arch[i]} or empty. */
    String arch(int i) {
        return i < arches.size() ? arches.get(i) : "";
    }

    /**
     * Fills the lists for {@code options.action()}: with {@code --all} from what the module version is built
     * for (except for status), else the running kernel; the arch defaults to {@code uname -m}; a single arch
     * goes with every kernel. Status gets the lists as given.
     *
     * @throws DkmsExit 16 for an empty kernel or arch
     */
    static KernelTargets setUp(DkmsOptions options, Host host, DkmsTree tree) {
        List<String> kernels = new ArrayList<>(options.kernels());
        List<String> arches = new ArrayList<>(options.arches());
        boolean status = options.action().equals("status");
        if (options.all() && !status && !options.module().isEmpty() && !options.moduleVersion().isEmpty()) {
            ModuleVersion mv = new ModuleVersion(options.module(), options.moduleVersion());
            // DKMS sorts its "built m/v/k/a" / "installed m/v/k/a" lines with sort -V.
            List<StatusEntry.Built> built = new ArrayList<>(tree.built(mv, "", ""));
            built.sort(Comparator.comparing(KernelTargets::statusLine, VersionSort::compare));
            for (StatusEntry.Built b : built) {
                kernels.add(b.target().kernel());
                arches.add(b.target().arch());
            }
        }
        if (!status) {
            if (kernels.isEmpty() && !options.all()) {
                kernels.add(host.kernelRelease());
            }
            if (arches.isEmpty()) {
                // DKMS asks rpm off Debian-likes and falls back to uname -m; without rpm that is uname -m too.
                arches.add(host.machine());
            }
        }
        if (arches.size() == 1) {
            while (arches.size() < kernels.size()) {
                arches.add(arches.get(0));
            }
        }
        if (!status) {
            for (int i = 0; i < kernels.size(); i++) {
                if (kernels.get(i).isEmpty()) {
                    throw DkmsExit.die(16, "Empty kernelver[" + i + "]");
                }
            }
            for (int i = 0; i < arches.size(); i++) {
                if (arches.get(i).isEmpty()) {
                    throw DkmsExit.die(16, "Empty arch[" + i + "]");
                }
            }
        }
        return new KernelTargets(kernels, arches);
    }

    private static String statusLine(StatusEntry.Built b) {
        return (b.installed() ? "installed " : "built ") + b.moduleVersion() + "/" + b.target().kernel() + "/"
                + b.target().arch();
    }
}
