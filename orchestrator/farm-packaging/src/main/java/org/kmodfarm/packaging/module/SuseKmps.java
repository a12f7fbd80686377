package org.kmodfarm.packaging.module;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.ModuleInfo;
import org.kmodfarm.model.Arch;
import org.kmodfarm.packaging.MaintainerScript;
import org.kmodfarm.packaging.PackageFile;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.Relation;

/**
 * The SUSE Kernel Module Package (KMP) of one BUILT cell, as SUSE's KMP manual (SLE 12 SP2+, 15), its
 * {@code %kernel_module_package} template ({@code kernel-module-subpackage}) and its dependency scripts make them:
 * <ul>
 * <li>{@code NAME-kmp-FLAVOR}, version {@code VERSION_kKERNEL} (the kernel release without its flavour, '-' as
 * '_'), release 1;</li>
 * <li>the modules under {@code /lib/modules/KERNEL/updates/} (SUSE's INSTALL_MOD_DIR);</li>
 * <li>{@code Provides: NAME-kmp = …}, {@code multiversion(kernel)} (one KMP per kernel can stay installed), and
 * {@code ksym(FLAVOR:SYMBOL) = CRC} for each symbol its modules export;</li>
 * <li>{@code Requires: kernel-FLAVOR} and {@code ksym(FLAVOR:SYMBOL) = CRC} for each kernel symbol its modules use
 * (from their {@code __versions} sections), so any kernel with the same symbol versions satisfies it; when those
 * cannot be read (a zstd module, a kernel without CONFIG_MODVERSIONS), {@code kernel-uname-r = KERNEL}
 * instead;</li>
 * <li>{@code Enhances: kernel-FLAVOR}, and a {@code Supplements: modalias(kernel-FLAVOR:ALIAS)} per module alias
 * (what SUSE's find-supplements makes), so zypper installs it where the hardware is;</li>
 * <li>scriptlets that call SUSE's kernel-scriptlets ({@code kmp-post}…), else weak-modules2, else depmod.</li>
 * </ul>
 */
public final class SuseKmps {
    static final String DESTINATION = "updates";
    private static final String SCRIPTLETS = "/usr/lib/module-init-tools/kernel-scriptlets";
    private static final String WEAK_MODULES2 = "/usr/lib/module-init-tools/weak-modules2";

    private SuseKmps() {
    }

    /**
     * A kernel release split as SUSE names its parts: {@code 6.1.0-56-amd64} is version {@code 6.1.0-56} of flavour
     * {@code amd64}.
     */
    record KmpKernel(String release, String version, String flavour) {
        static KmpKernel of(String release) {
            int dash = release.lastIndexOf('-');
            if (dash <= 0 || dash == release.length() - 1) {
                throw new IllegalArgumentException("kernel release '" + release + "' has no flavour (the part after "
                        + "its last '-', e.g. default or amd64), which a KMP is named after");
            }
            return new KmpKernel(release, release.substring(0, dash),
                    release.substring(dash + 1).toLowerCase(Locale.ROOT));
        }

        /** The KMP's version for module version {@code module}: {@code MODULE_kKERNEL}, RPM-safe. */
        String kmpVersion(String module) {
            return BinaryModuleRpms.rpmVersion(module) + "_k" + version.replace('-', '_');
        }
    }

    /** The KMP's name: {@code NAME-kmp-FLAVOR}. */
    static String name(ModuleVersion mv, KmpKernel kernel) {
        return mv.debianName() + "-kmp-" + kernel.flavour();
    }

    public static PackageSpec spec(ModuleBuilds builds, CellResult cell, String maintainer, Instant time)
            throws IOException {
        ModuleVersion mv = builds.module();
        KmpKernel kernel = KmpKernel.of(cell.cell().kernel());
        String version = kernel.kmpVersion(mv.version());
        List<PackageFile> files = new ArrayList<>();
        Map<String, Long> used = new TreeMap<>();
        Map<String, Long> exported = new TreeMap<>();
        boolean versioned = true;
        for (ModuleInfo m : cell.modules()) {
            byte[] content = BinaryModuleDebs.verified(builds, cell, m);
            files.add(PackageFile.file("/lib/modules/" + kernel.release() + "/" + DESTINATION + "/" + m.file(),
                    content, 0644));
            Optional<ModuleSymbols> symbols = ModuleSymbols.of(content);
            versioned &= symbols.isPresent();
            symbols.ifPresent(s -> {
                used.putAll(s.required());
                exported.putAll(s.exported());
            });
        }
        // a symbol one module of the package exports to another is no requirement on the kernel
        exported.keySet().forEach(used::remove);
        String flavour = kernel.flavour();
        List<Relation> provides = new ArrayList<>(List.of(Relation.exactly(mv.debianName() + "-kmp", version),
                Relation.exactly(mv.debianName() + "-kmp", BinaryModuleRpms.rpmVersion(mv.version())),
                Relation.of("multiversion(kernel)")));
        exported.forEach((symbol, crc) -> provides.add(ksym(flavour, symbol, crc)));
        List<Relation> requires = new ArrayList<>(List.of(Relation.of("kernel-" + flavour)));
        if (versioned) {
            used.forEach((symbol, crc) -> requires.add(ksym(flavour, symbol, crc)));
        } else {
            requires.add(Relation.exactly("kernel-uname-r", kernel.release()));
        }
        TreeSet<String> aliases = new TreeSet<>();
        cell.modules().forEach(m -> aliases.addAll(m.aliases()));
        List<Relation> supplements = aliases.stream()
                .map(a -> Relation.of("modalias(kernel-" + flavour + ":" + a + ")")).toList();
        String summary = mv.name() + " kernel modules for the " + flavour + " kernel " + kernel.release();
        return new PackageSpec(name(mv, kernel), version, Optional.of(Arch.parse(cell.cell().arch())), maintainer,
                summary.length() <= 80 ? summary : mv.name() + " kernel modules",
                BinaryModuleDebs.description(mv, cell), "kernel", BinaryModuleDebs.license(cell), requires, provides,
                List.of(), supplements, List.of(Relation.of("kernel-" + flavour)), files,
                scripts(name(mv, kernel), version, kernel), time);
    }

    /** SUSE's kernel symbol capability; the CRC in lower-case hex without leading zeros, as its scripts print it. */
    static Relation ksym(String flavour, String symbol, long crc) {
        return Relation.exactly("ksym(" + flavour + ":" + symbol + ")", Long.toHexString(crc));
    }

    /**
     * What the KMP template's scriptlets do, with fallbacks for hosts without SUSE's tools: SUSE's kernel-scriptlets
     * ({@code kmp-post} adds weak-updates links for compatible kernels and regenerates the initrd, {@code kmp-preun}
     * records the package's modules for {@code kmp-postun}); else weak-modules2 itself (older SLE 12/15); else plain
     * depmod for this kernel. A failing tool never fails the transaction: the files are in place.
     */
    static Map<MaintainerScript, String> scripts(String name, String version, KmpKernel kernel) {
        String nvr = name + "-" + version + "-1";
        String args = " --name " + name + " --version " + version + " --release 1 --kernelrelease "
                + kernel.version() + " --flavor " + kernel.flavour() + " \"$@\"";
        String list = "/run/rpm-" + nvr + "-modules";
        String depmod = "command -v depmod >/dev/null 2>&1 && [ -d /lib/modules/" + kernel.release()
                + "/kernel ] && depmod -a " + kernel.release();
        return Map.of(
                MaintainerScript.POSTINST, "if [ -x " + SCRIPTLETS + "/kmp-post ]; then\n"
                        + "\t" + SCRIPTLETS + "/kmp-post" + args + " || :\n"
                        + "elif [ -x " + WEAK_MODULES2 + " ]; then\n"
                        + "\tINITRD_IN_POSTTRANS=1 " + WEAK_MODULES2 + " --add-kmp " + nvr + " || :\n"
                        + "else\n\t" + depmod + " || :\nfi\n",
                MaintainerScript.PRERM, "if [ -x " + SCRIPTLETS + "/kmp-preun ]; then\n"
                        + "\t" + SCRIPTLETS + "/kmp-preun" + args + " || :\n"
                        + "elif [ -x " + WEAK_MODULES2 + " ]; then\n"
                        + "\trpm -ql " + nvr + " | sed -n '/\\.ko\\(\\.xz\\|\\.gz\\|\\.zst\\)\\?$/p' > " + list
                        + " || :\nfi\n",
                MaintainerScript.POSTRM, "if [ -x " + SCRIPTLETS + "/kmp-postun ]; then\n"
                        + "\t" + SCRIPTLETS + "/kmp-postun" + args + " || :\n"
                        + "elif [ -x " + WEAK_MODULES2 + " ] && [ -r " + list + " ]; then\n"
                        + "\t" + WEAK_MODULES2 + " --remove-kmp " + nvr + " < " + list + " || :\n"
                        + "\trm -f " + list + " || :\n"
                        + "else\n\t" + depmod + " || :\nfi\n");
    }
}
