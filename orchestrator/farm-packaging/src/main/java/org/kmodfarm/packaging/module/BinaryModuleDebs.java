package org.kmodfarm.packaging.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.Digests;
import org.kmodfarm.core.farm.ModuleInfo;
import org.kmodfarm.model.Arch;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.packaging.MaintainerScript;
import org.kmodfarm.packaging.PackageFile;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.Relation;

/**
 * The binary module package of one BUILT cell, as DKMS's mkbmdeb made it: {@code NAME-modules-KERNEL}, the
 * modules under {@code /lib/modules/KERNEL/updates/dkms/} (where Debian's dkms installs them), depending on
 * the kernel's image package, depmod run after install and removal.
 */
public final class BinaryModuleDebs {
    /** Debian's dkms installs every module here, whatever DEST_MODULE_LOCATION says (its distribution override). */
    static final String DESTINATION = "updates/dkms";

    private BinaryModuleDebs() {
    }

    /**
     * @throws BadInputException when a module file of the record is missing from the tree or differs from it
     */
    public static PackageSpec spec(ModuleBuilds builds, CellResult cell, String maintainer, Instant time)
            throws IOException {
        ModuleVersion mv = builds.module();
        String kernel = cell.cell().kernel();
        List<PackageFile> files = new ArrayList<>();
        for (ModuleInfo m : cell.modules()) {
            files.add(PackageFile.file("/lib/modules/" + kernel + "/" + DESTINATION + "/" + m.file(),
                    verified(builds, cell, m), 0644));
        }
        String summary = mv.name() + " kernel modules for Linux " + kernel;
        return new PackageSpec(mv.debianName() + "-modules-" + kernel.toLowerCase(java.util.Locale.ROOT),
                mv.version(), Optional.of(Arch.parse(cell.cell().arch())), maintainer,
                summary.length() <= 80 ? summary : mv.name() + " kernel modules",
                description(mv, cell), "kernel", license(cell), List.of(Relation.of("linux-image-" + kernel)),
                List.of(), List.of(), files,
                Map.of(MaintainerScript.POSTINST, postinst(kernel), MaintainerScript.POSTRM, postrm(kernel)), time);
    }

    /**
     * The package of {@link #spec} with a preinst ({@link #preinst}) that refuses a kernel this root does not
     * have: what a driver update disk needs, since the installer unpacks every package of the disk without
     * looking at Depends ({@link UbuntuDriverDisks}).
     */
    static PackageSpec guarded(ModuleBuilds builds, CellResult cell, String maintainer, Instant time)
            throws IOException {
        PackageSpec s = spec(builds, cell, maintainer, time);
        Map<MaintainerScript, String> scripts = new EnumMap<>(s.scripts());
        scripts.put(MaintainerScript.PREINST, preinst(s.name(), cell.cell().kernel()));
        return s.withScripts(scripts);
    }

    /**
     * Accepts kernel K where {@code /lib/modules/K} holds the kernel's own modules ({@code kernel/}: K is
     * installed in this root, be it a host, a chroot, an image root or debian-installer's {@code /target}), or
     * where K is the running kernel and has a module folder here (the installer's own environment, whose
     * ramdisk holds only some modules). Refuses a kernel this root lacks, whatever runs: the disk's packages for
     * other kernels in the installer; in {@code /target} (a chroot, where {@code uname -r} names the installer's
     * kernel) the installer's kernel when the target got another one, which would otherwise be unpacked and left
     * with its Depends unmet. dpkg sets {@code $DPKG_ROOT} only for scripts it runs outside a chroot.
     */
    static String preinst(String pkg, String kernel) {
        return """
                #!/bin/sh
                set -e
                kernel='%s'
                case "$1" in
                install|upgrade)
                	modules="$DPKG_ROOT/lib/modules/$kernel"
                	running=$(uname -r)
                	if [ -d "$modules/kernel" ] || { [ "$running" = "$kernel" ] && [ -d "$modules" ]; }; then
                		exit 0
                	fi
                	echo "%s: refusing to install modules for Linux $kernel: this system runs Linux $running and has no kernel $kernel installed (no $modules/kernel); install linux-image-$kernel first, or take the package for Linux $running" >&2
                	exit 1
                	;;
                esac
                """.formatted(kernel, pkg);
    }

    static String description(ModuleVersion mv, CellResult cell) {
        String names = cell.modules().stream().map(ModuleInfo::file).collect(Collectors.joining(", "));
        return "The kernel modules of " + mv + " (" + names + "), built by kmodfarm for the Linux kernel "
                + cell.cell().kernel() + (cell.target() == null ? "" : " of " + capitalised(cell.target().distro())
                + " " + cell.target().release()) + ".";
    }

    private static String capitalised(String distro) {
        return distro.isEmpty() ? distro : Character.toUpperCase(distro.charAt(0)) + distro.substring(1);
    }

    static String license(CellResult cell) {
        return cell.modules().stream().map(ModuleInfo::license).filter(l -> l != null && !l.isEmpty())
                .findFirst().orElse("");
    }

    /**
     * The module file of a BUILT cell, checked against its record: from the tree's DKMS layout for a cell's newest
     * build, from the tree's kept objects for a last good build a run kept.
     */
    static byte[] verified(ModuleBuilds builds, CellResult cell, ModuleInfo m) throws IOException {
        Path file = builds.isNewest(cell) ? builds.tree().dkmsCell(cell.cell()).resolve("module").resolve(m.file())
                : builds.tree().object(m.sha256());
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(file), "the module file of a BUILT "
                    + "cell is missing", "build it again: kmodfarm build " + builds.module() + " --rebuild"));
        }
        byte[] content = Files.readAllBytes(file);
        if (!Digests.sha256(content).equals(m.sha256())) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(file), "the module file differs from "
                    + "what its build recorded (sha256 " + m.sha256() + ")", "build it again: kmodfarm build "
                    + builds.module() + " --rebuild"));
        }
        return content;
    }

    /**
     * depmod for this kernel only: the package's modules become loadable by name and alias at once. In the root
     * dpkg installs into ({@code $DPKG_ROOT}, set for {@code --root} installs without a chroot), so that an image
     * root's index is made, not the host's.
     */
    private static String postinst(String kernel) {
        return """
                #!/bin/sh
                set -e
                if [ "$1" = configure ] && command -v depmod >/dev/null 2>&1; then
                	depmod -b "${DPKG_ROOT:-/}" -a %s
                fi
                """.formatted(kernel);
    }

    /** The kernel may be gone already (removed before this package): then there is nothing to index. */
    private static String postrm(String kernel) {
        return """
                #!/bin/sh
                set -e
                case "$1" in
                remove|purge)
                	if command -v depmod >/dev/null 2>&1 && [ -d "$DPKG_ROOT/lib/modules/%s/kernel" ]; then
                		depmod -b "${DPKG_ROOT:-/}" -a %s
                	fi
                	;;
                esac
                """.formatted(kernel, kernel);
    }
}
