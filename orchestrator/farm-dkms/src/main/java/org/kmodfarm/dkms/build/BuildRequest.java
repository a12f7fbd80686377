package org.kmodfarm.dkms.build;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.TreeRoots;

/**
 * One module version to build for one kernel/arch, with the conf as read for it.
 *
 * @param parallelJobs DKMS's {@code parallel_jobs}; 0 means a bare {@code -j}
 * @param environment  the exported environment make and the hooks run with
 * @param release      what DKMS writes as its release in make.log's first line, e.g. {@code dkms-3.2.2}
 */
public record BuildRequest(ModuleVersion mv, KernelArch target, TreeRoots roots, DkmsConf conf, int parallelJobs,
        Map<String, String> environment, String release) {
    public BuildRequest {
        Objects.requireNonNull(mv, "mv");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(roots, "roots");
        Objects.requireNonNull(conf, "conf");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(release, "release");
    }

    Path versionDir() {
        return Path.of(roots.versionDir(mv));
    }

    Path buildDir() {
        return versionDir().resolve("build");
    }

    Path sourceDir() {
        return versionDir().resolve("source");
    }

    /** {@code <dkms_tree>/<m>/<v>/<kernel>/<arch>}. */
    public Path baseDir() {
        return Path.of(roots.builtDir(mv, target));
    }
}
