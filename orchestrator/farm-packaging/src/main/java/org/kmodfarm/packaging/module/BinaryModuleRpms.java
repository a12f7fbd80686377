package org.kmodfarm.packaging.module;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.ModuleInfo;
import org.kmodfarm.model.Arch;
import org.kmodfarm.packaging.MaintainerScript;
import org.kmodfarm.packaging.PackageFile;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.Relation;

/**
 * The binary kmod RPM of one BUILT cell: {@code kmod-NAME-KERNEL}, the modules under
 * {@code /lib/modules/KERNEL/extra/NAME/} (where Red Hat's kmod packages put them), {@code Requires:
 * kernel-uname-r = KERNEL}, and a {@code modalias(…)} Provides per module alias, as DKMS's old
 * find-provides made them, so a host's devices can be matched to the package that drives them.
 */
public final class BinaryModuleRpms {
    private BinaryModuleRpms() {
    }

    /** RPM versions cannot hold '-' (it separates version and release); Fedora's packages write '_' instead. */
    static String rpmVersion(String version) {
        return version.replace('-', '_');
    }

    public static PackageSpec spec(ModuleBuilds builds, CellResult cell, String maintainer, Instant time)
            throws IOException {
        ModuleVersion mv = builds.module();
        String kernel = cell.cell().kernel();
        List<PackageFile> files = new ArrayList<>();
        for (ModuleInfo m : cell.modules()) {
            files.add(PackageFile.file("/lib/modules/" + kernel + "/extra/" + mv.name() + "/" + m.file(),
                    BinaryModuleDebs.verified(builds, cell, m), 0644));
        }
        TreeSet<String> aliases = new TreeSet<>();
        cell.modules().forEach(m -> aliases.addAll(m.aliases()));
        List<Relation> provides = new ArrayList<>();
        provides.add(Relation.exactly(mv.debianName() + "-kmod", rpmVersion(mv.version())));
        // what anaconda's driver disk loader (dd_list) looks for to match a package to the installer's kernel
        provides.add(Relation.exactly("kernel-modules", kernel));
        aliases.forEach(a -> provides.add(Relation.of("modalias(" + a + ")")));
        String summary = mv.name() + " kernel modules for Linux " + kernel;
        return new PackageSpec("kmod-" + mv.debianName() + "-" + kernel.toLowerCase(java.util.Locale.ROOT),
                rpmVersion(mv.version()), Optional.of(Arch.parse(cell.cell().arch())), maintainer,
                summary.length() <= 80 ? summary : mv.name() + " kernel modules",
                BinaryModuleDebs.description(mv, cell), "kernel", BinaryModuleDebs.license(cell),
                List.of(Relation.exactly("kernel-uname-r", kernel)), provides, List.of(), files,
                Map.of(MaintainerScript.POSTINST, postin(kernel), MaintainerScript.POSTRM, postun(kernel)), time);
    }

    /** A failing depmod must not fail the transaction: the files are in place, the next depmod indexes them. */
    private static String postin(String kernel) {
        return "/sbin/depmod -a " + kernel + " || :\n";
    }

    private static String postun(String kernel) {
        return "if [ -d /lib/modules/" + kernel + "/kernel ]; then /sbin/depmod -a " + kernel + " || :; fi\n";
    }
}
