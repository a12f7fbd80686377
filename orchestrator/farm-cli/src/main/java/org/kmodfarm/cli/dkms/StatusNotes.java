package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.ModuleSpec;
import org.kmodfarm.dkms.ReadMode;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.StatusEntry;
import org.kmodfarm.dkms.tree.TreeRoots;

/**
 * DKMS 3.2.2's {@code module_status_built_extra}: the parenthesised notes after a built or installed status
 * line. One difference: DKMS locates the installed copy by comparing {@code modinfo} versions; this takes the
 * first candidate location holding a file of that name.
 */
final class StatusNotes {
    static final String ORIGINALS = "Original modules exist";
    static final String MISSING = "Built modules are missing in the kernel modules folder";
    static final String DIFFERENT = "Differences between built and installed modules";

    private final DkmsTree tree;
    private final ConfAccess confs;

    StatusNotes(DkmsTree tree, ConfAccess confs) {
        this.tree = tree;
        this.confs = confs;
    }

    /**
     * The notes of {@code entry}, in DKMS's order, without parentheses.
     *
     * @throws DkmsExit when the version's dkms.conf cannot be read (DKMS prints the error mid-line)
     */
    List<String> of(StatusEntry.Built entry) {
        TreeRoots roots = tree.roots();
        String kernel = entry.target().kernel();
        String suffix = ".ko" + compressedSuffix(Path.of(roots.installTree(), kernel));
        DkmsConf conf = confs.read(roots.versionDir(entry.moduleVersion()) + "/source/dkms.conf",
                entry.moduleVersion().module(), entry.moduleVersion().version(), kernel, entry.target().arch(),
                ReadMode.NORMAL);
        List<String> notes = new ArrayList<>();
        if (tree.hasOriginalModules(entry.moduleVersion().module(), entry.target())) {
            notes.add(ORIGINALS);
        }
        Path built = Path.of(roots.builtDir(entry.moduleVersion(), entry.target()), "module");
        for (ModuleSpec spec : conf.modules()) {
            Path treeModule = existing(built, spec.destName(), suffix);
            if (treeModule == null) {
                notes.add(MISSING);
                break;
            }
            if (entry.installed() && !sameBytes(treeModule, installed(roots, kernel, spec, suffix))) {
                notes.add(DIFFERENT);
                break;
            }
        }
        return notes;
    }

    private static Path installed(TreeRoots roots, String kernel, ModuleSpec spec, String suffix) {
        for (String location : Stream.of(spec.destLocation(), spec.rawDestLocation()).distinct().toList()) {
            Path found = existing(Path.of(roots.installTree() + "/" + kernel + location), spec.destName(), suffix);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** DKMS's {@code compressed_or_uncompressed}: {@code name.ko}, else {@code name.ko.<ext>}, else null. */
    private static Path existing(Path dir, String name, String suffix) {
        Path plain = dir.resolve(name + ".ko");
        if (Files.exists(plain)) {
            return plain;
        }
        Path compressed = dir.resolve(name + suffix);
        return Files.exists(compressed) ? compressed : null;
    }

    /** DKMS's {@code set_module_suffix}: the compression the kernel's own modules use, zst over xz over gz. */
    static String compressedSuffix(Path kernelModules) {
        String found = "";
        if (!Files.isDirectory(kernelModules)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(kernelModules)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                for (String ext : List.of(".gz", ".xz", ".zst")) {
                    if (name.endsWith(".ko" + ext) && List.of("", ".gz", ".xz", ".zst").indexOf(found)
                            < List.of("", ".gz", ".xz", ".zst").indexOf(ext)) {
                        found = ext;
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return found;
        }
        return found;
    }

    private static boolean sameBytes(Path a, Path b) {
        if (b == null) {
            return false;
        }
        try {
            return Files.mismatch(a, b) == -1;
        } catch (IOException e) {
            return false;
        }
    }
}
