package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.TreeRoots;

/**
 * A cell's BUILD_DEPENDS, built by the farm for the same kernel and handed in as
 * {@code DIR/NAME/VERSION/Module.symvers}: each is registered in the cell's DKMS tree as DKMS would find it on a
 * host where it is installed (source link, {@code KERNEL/ARCH/module/Module.symvers}, the {@code kernel-K-A}
 * link), so that DKMS's own BUILD_DEPENDS check passes and MAKE lines that name the dependency's tree find it.
 * Not thread-safe.
 */
final class CellDependencies {
    /** What was registered. @param symvers the registered Module.symvers files, for KBUILD_EXTRA_SYMBOLS */
    record Registered(List<ModuleVersion> modules, List<Path> symvers) {
        Registered {
            modules = List.copyOf(modules);
            symvers = List.copyOf(symvers);
        }

        /** {@code KBUILD_EXTRA_SYMBOLS}'s value: the files, space-separated, as kbuild reads it. */
        String extraSymbols() {
            return String.join(" ", symvers.stream().map(Path::toString).toList());
        }
    }

    private CellDependencies() {
    }

    /** Registers every dependency under {@code dir}; nothing when it does not exist. */
    static Registered register(Path dir, TreeRoots roots, KernelArch target) throws IOException {
        List<ModuleVersion> modules = new ArrayList<>();
        List<Path> symvers = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Registered(modules, symvers);
        }
        for (Path name : list(dir)) {
            for (Path version : list(name)) {
                ModuleVersion mv = new ModuleVersion(name.getFileName().toString(), version.getFileName().toString());
                Path versionDir = Path.of(roots.versionDir(mv));
                Files.createDirectories(versionDir);
                Files.createSymbolicLink(versionDir.resolve("source"),
                        Files.createDirectories(Path.of(roots.sourceDir(mv))));
                Path moduleDir = Files.createDirectories(Path.of(roots.builtDir(mv, target), "module"));
                Path given = version.resolve("Module.symvers");
                if (Files.isRegularFile(given) && Files.size(given) > 0) {
                    symvers.add(Files.copy(given, moduleDir.resolve("Module.symvers")));
                }
                Files.createSymbolicLink(roots.dkmsPath().resolve(mv.module()).resolve("kernel-" + target.kernel()
                        + "-" + target.arch()), Path.of(mv.version(), target.kernel(), target.arch()));
                modules.add(mv);
            }
        }
        return new Registered(modules, symvers);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        }
    }
}
