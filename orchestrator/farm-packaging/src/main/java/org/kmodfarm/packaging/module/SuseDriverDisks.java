package org.kmodfarm.packaging.module;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.ModuleInfo;
import org.kmodfarm.core.farm.ModuleOrder;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.rpm.RpmWriter;

/**
 * SUSE driver updates (the layout openSUSE's mkdud writes and linuxrc reads) of a module version's builds: for each
 * architecture a directory {@code linux/suse/ARCH-DIST/} holding
 * <ul>
 * <li>{@code dud.config}: the update's {@code UpdateID} (derived from its packages, so a rebuild gives the same)
 * and the {@code UpdateName} lines the installer shows;</li>
 * <li>{@code install/}: the KMPs of {@link SuseKmps}, which YaST installs into the target system;</li>
 * <li>{@code modules/}: the modules linuxrc loads into the installer's own kernel, with {@code module.order}
 * (dependencies first). linuxrc reads one flat folder, so it holds the modules of the newest kernel packed for that
 * architecture: pack the installer's kernel with {@code -k}.</li>
 * </ul>
 * linuxrc loads such a tree from a volume labelled {@code OEMDRV} by itself (YaST installers), or from the
 * {@code dud=} boot option.
 */
final class SuseDriverDisks {
    /** The product names mkdud accepts for {@code --dist} (after its own normalisation). */
    private static final Pattern DIST = Pattern.compile("((leap|kubic|casp|caasp|suse-microos)?\\d+\\.\\d+|tw|sle[sd]\\d+)");

    private SuseDriverDisks() {
    }

    /**
     * The disk's files by path (no leading '/'), sorted.
     *
     * @param dist the product, as linuxrc's UpdateDir names it: {@code sles15}, {@code sled15}, {@code leap15.6},
     *             {@code tw}…
     * @param rpms writes (and signs) the KMPs
     * @throws IllegalArgumentException for a product name linuxrc never looks for
     */
    static Map<String, byte[]> tree(ModuleBuilds builds, List<CellResult> cells, String maintainer, Instant time,
                                    RpmWriter rpms, String dist) throws IOException {
        if (!DIST.matcher(dist).matches()) {
            throw new IllegalArgumentException("'" + dist + "' is not a SUSE product linuxrc looks for (e.g. sles15, "
                    + "sled15, leap15.6, tw)");
        }
        Map<String, byte[]> tree = new TreeMap<>();
        Map<String, CellResult> newest = new TreeMap<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Map<String, List<String>> names = new TreeMap<>();
        for (CellResult cell : cells) {
            PackageSpec spec = SuseKmps.spec(builds, cell, maintainer, time);
            byte[] rpm = rpms.write(spec);
            String dir = "linux/suse/" + RpmWriter.arch(spec) + "-" + dist + "/";
            tree.put(dir + "install/" + rpms.fileName(spec), rpm);
            all.writeBytes(rpm);
            // cells come in kernel order: the last one of an architecture is its newest kernel
            newest.put(dir, cell);
            names.computeIfAbsent(dir, d -> new ArrayList<>()).add(spec.name() + "-" + spec.version());
        }
        String id = UUID.nameUUIDFromBytes(all.toByteArray()).toString();
        for (var e : newest.entrySet()) {
            String dir = e.getKey();
            CellResult cell = e.getValue();
            for (ModuleInfo m : cell.modules()) {
                tree.put(dir + "modules/" + m.file(), BinaryModuleDebs.verified(builds, cell, m));
            }
            tree.put(dir + "modules/module.order", utf8(String.join("\n", loadOrder(cell.modules())) + "\n"));
            StringBuilder config = new StringBuilder("# written by kmodfarm\nUpdateID:\t" + id + "\n");
            config.append("UpdateName:\t").append(builds.module()).append(" kernel modules for ")
                    .append(cell.cell().kernel()).append('\n');
            names.get(dir).forEach(n -> config.append("UpdateName:\t").append(n).append('\n'));
            tree.put(dir + "dud.config", utf8(config.toString()));
        }
        return tree;
    }

    /**
     * The modules' names (file names without {@code .ko} and compression) in an order linuxrc can load them: each
     * after the modules of the set it depends on; otherwise as built.
     */
    static List<String> loadOrder(List<ModuleInfo> modules) {
        // depends= writes module names with '-' and '_' alike, as the kernel treats them: each names the file's
        // spelling of the module it means
        Map<String, String> spelling = new LinkedHashMap<>();
        modules.forEach(m -> spelling.put(moduleName(m).replace('-', '_'), moduleName(m)));
        Map<String, List<String>> depends = new LinkedHashMap<>();
        modules.forEach(m -> depends.put(moduleName(m), m.depends().stream()
                .map(d -> spelling.getOrDefault(d.replace('-', '_'), d)).toList()));
        return ModuleOrder.of(depends);
    }

    private static String moduleName(ModuleInfo m) {
        String file = m.file();
        return file.substring(0, file.indexOf(".ko") > 0 ? file.indexOf(".ko") : file.length());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
