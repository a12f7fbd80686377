package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.TreeRoots;

/**
 * Copies what a cell keeps from DKMS's tree into its out directory: {@code make.log} (capped), {@code module/}
 * (DKMS's built {@code module/} directory: the modules and Module.symvers) and {@code modinfo/FILE.txt} per
 * module, so that the farm can check vermagic without running kmod itself. Not thread-safe.
 */
final class CellCollector {
    private static final Pattern MODULE_FILE = Pattern.compile(".*\\.ko(\\.xz|\\.zst|\\.gz)?");

    /** What was collected. @param log the make.log copy; 0 bytes and not capped when DKMS left none */
    record Collected(LogCap.Copied log, int moduleFiles) {
    }

    private final List<String> modinfo;
    private final LogCap cap;

    /** @param modinfo the command run with each module file appended, e.g. {@code /sbin/modinfo} */
    CellCollector(List<String> modinfo, LogCap cap) {
        this.modinfo = List.copyOf(modinfo);
        this.cap = Objects.requireNonNull(cap, "cap");
    }

    /**
     * Collects for {@code module} built (or not) for {@code target}; collects nothing when the module is unknown.
     *
     * @throws InterruptedException while modinfo runs; the interrupt is left to the caller
     */
    Collected collect(TreeRoots roots, ModuleVersion module, KernelArch target, Path out)
            throws IOException, InterruptedException {
        Path built = Path.of(roots.builtDir(module, target));
        // A built module keeps its log with it; a failed build leaves it in the build directory.
        Path log = Files.isRegularFile(built.resolve("log/make.log")) ? built.resolve("log/make.log")
                : Path.of(roots.versionDir(module), "build/make.log");
        LogCap.Copied copied = Files.isRegularFile(log) ? cap.copy(log, out.resolve("make.log"))
                : new LogCap.Copied(0, false);
        int modules = copyModules(built.resolve("module"), out);
        return new Collected(copied, modules);
    }

    /**
     * Copies the files of {@code moduleDir} into {@code out/module/}, each module with its modinfo.
     *
     * @return how many module files there were
     */
    int copyModules(Path moduleDir, Path out) throws IOException, InterruptedException {
        if (!Files.isDirectory(moduleDir)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(moduleDir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        int modules = 0;
        for (Path file : files) {
            Path copy = out.resolve("module").resolve(moduleDir.relativize(file).toString());
            Files.createDirectories(copy.getParent());
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            if (MODULE_FILE.matcher(file.getFileName().toString()).matches()) {
                // On the copy: the file the farm keeps is the one whose vermagic matters.
                modinfo(copy, out.resolve("modinfo").resolve(file.getFileName() + ".txt"));
                modules++;
            }
        }
        return modules;
    }

    /** modinfo's stdout and stderr into {@code to}; a failing modinfo leaves its message there for the farm. */
    private void modinfo(Path module, Path to) throws IOException, InterruptedException {
        Files.createDirectories(to.getParent());
        List<String> argv = Stream.concat(modinfo.stream(), Stream.of(module.toString())).toList();
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(to.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }
}
