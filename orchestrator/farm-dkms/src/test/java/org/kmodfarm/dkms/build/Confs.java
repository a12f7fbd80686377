package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.kmodfarm.dkms.BashArray;
import org.kmodfarm.dkms.BuildExclusive;
import org.kmodfarm.dkms.DeprecatedDirectives;
import org.kmodfarm.dkms.DestinationPolicy;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.Exclusion;
import org.kmodfarm.dkms.KernelPlan;
import org.kmodfarm.dkms.ModuleSpec;
import org.kmodfarm.dkms.PackageInfo;
import org.kmodfarm.dkms.Scripts;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.TreeRoots;

/**
 * Confs as {@code read_conf} leaves them for {@code foo/1.0} and one kernel, built directly, and the trees in a
 * temporary directory, which depmod is given as the root ({@code -b}). The kernel has no System.map there, so
 * depmod's argv is fixed.
 */
final class Confs {
    static final String KERNEL = "6.1.0-47-kmodfarmtest";
    static final String ARCH = "x86_64";
    static final ModuleVersion MV = new ModuleVersion("foo", "1.0");
    static final KernelArch TARGET = new KernelArch(KERNEL, ARCH);
    static final String MAKE = "make -C /kbuild M=/dkms/foo/1.0/build";
    static final Scripts NO_SCRIPTS = new Scripts("", "", "", "", "", "");
    private static final BuildExclusive NONE = new BuildExclusive("", "", "", "", "");

    private Confs() {
    }

    /** One module, installed where the Debian policy puts a DEST_MODULE_LOCATION of /kernel/drivers/misc. */
    static ModuleSpec module(String name) {
        return module(0, name, "", name, true);
    }

    static ModuleSpec module(int index, String builtName, String builtLocation, String destName, boolean strip) {
        String raw = "/kernel/drivers/misc";
        return new ModuleSpec(index, builtName, builtLocation, destName,
                new DestinationPolicy("debian", "").override(raw), raw, strip, NONE);
    }

    static DkmsConf conf(List<ModuleSpec> modules) {
        return conf(modules, List.of(), NO_SCRIPTS, "");
    }

    static DkmsConf conf(List<ModuleSpec> modules, List<String> patches, Scripts scripts, String obsoleteBy) {
        BashArray e = BashArray.EMPTY;
        return new DkmsConf(new PackageInfo(MV.module(), MV.version()), modules, List.of(), List.of(), false,
                List.of(), false, NONE, obsoleteBy, false, scripts, new DeprecatedDirectives(e, e, e, e, e, e),
                new KernelPlan(KERNEL, MAKE, patches, new Exclusion(Set.of())));
    }

    /** The dkms, source and install trees under {@code tmp}, by their real path (DKMS compares link targets). */
    /** The depmod command for {@link #roots}: its install tree is a root's {@code lib/modules}, not the system's. */
    static String depmod(TreeRoots roots) {
        return "depmod -b " + Path.of(roots.installTree()).getParent().getParent() + " -a " + KERNEL;
    }

    static TreeRoots roots(Path tmp) {
        try {
            Path real = tmp.toRealPath();
            return new TreeRoots(real.resolve("dkms").toString(), real.resolve("src").toString(),
                    real.resolve("lib/modules").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
