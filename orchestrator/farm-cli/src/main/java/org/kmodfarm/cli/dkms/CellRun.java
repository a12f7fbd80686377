package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.FileDkmsTree;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.TreeRoots;

/**
 * A cell's DKMS verbs, in this JVM, through {@link DkmsCommand} with the {@link DkmsProfile#FARM} profile:
 * {@code add SOURCE} (which copies the source into the source tree, so the read-only input is never written),
 * then, with its BUILD_DEPENDS registered ({@link CellDependencies}), {@code build -m NAME -v VERSION -k KERNEL
 * -a ARCH -j N}. DKMS prints to the console as usual. Not
 * thread-safe; one instance per cell.
 */
final class CellRun {
    /** How the verbs ended. @param module empty when add failed before the module was known */
    record Outcome(Optional<ModuleVersion> module, CellProperties.Stage stage, int status) {
        Outcome {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(stage, "stage");
        }
    }

    private final Host host;
    private final CellPaths paths;
    private final Console console;

    CellRun(Host host, CellPaths paths, Console console) {
        this.host = host;
        this.paths = paths;
        this.console = console;
    }

    /**
     * Runs add, then build if add succeeded.
     *
     * @throws IOException when the trees cannot be made, or already hold a module (a cell runs in a fresh
     *                     container; a leftover would make the module ambiguous)
     */
    Outcome run(CellArgs args) throws IOException {
        TreeRoots roots = paths.roots();
        Files.createDirectories(Path.of(roots.dkmsTree()));
        Files.createDirectories(Path.of(roots.sourceTree()));
        DkmsTree tree = new FileDkmsTree(roots);
        if (!tree.versions("", "").isEmpty()) {
            throw new IOException("the DKMS tree " + roots.dkmsTree() + " already holds " + tree.versions("", "")
                    + "; a cell needs a fresh one");
        }
        // -k/-a: the container's uname names the host's kernel, which dkms.conf must not see.
        int added = dkms(host, "add", args.source().toString(), "-k", args.kernel(), "-a", args.arch());
        // DKMS's add says what it added only in its messages; the tree knows.
        List<ModuleVersion> versions = tree.versions("", "");
        Optional<ModuleVersion> module = versions.size() == 1 ? Optional.of(versions.get(0)) : Optional.empty();
        if (added != 0) {
            return new Outcome(module, CellProperties.Stage.ADD, added);
        }
        if (module.isEmpty()) {
            throw new IOException("DKMS's add succeeded but left " + versions + " in " + roots.dkmsTree());
        }
        CellDependencies.Registered deps = args.deps().isPresent()
                ? CellDependencies.register(args.deps().get(), roots, new KernelArch(args.kernel(), args.arch()))
                : new CellDependencies.Registered(List.of(), List.of());
        Host buildHost = host;
        if (!deps.modules().isEmpty()) {
            console.out("BUILD_DEPENDS built by the farm for this kernel, installed in this cell's tree: "
                    + deps.modules().stream().map(ModuleVersion::toString).toList());
        }
        if (!deps.symvers().isEmpty()) {
            // kbuild's modpost reads the dependencies' exports from KBUILD_EXTRA_SYMBOLS, in make's environment.
            console.out("KBUILD_EXTRA_SYMBOLS=" + deps.extraSymbols());
            buildHost = host.withEnvironment("KBUILD_EXTRA_SYMBOLS", deps.extraSymbols());
        }
        console.out("");
        int built = dkms(buildHost, "build", "-m", module.get().module(), "-v", module.get().version(), "-k", args.kernel(),
                "-a", args.arch(), "-j", String.valueOf(args.jobs()));
        return new Outcome(module, CellProperties.Stage.BUILD, built);
    }

    private int dkms(Host on, String... verb) {
        TreeRoots roots = paths.roots();
        List<String> argv = new ArrayList<>(List.of(verb));
        argv.addAll(List.of("--dkmstree", roots.dkmsTree(), "--sourcetree", roots.sourceTree(), "--installtree",
                roots.installTree()));
        return new DkmsCommand(on, DkmsProfile.FARM, console).run(argv.toArray(String[]::new));
    }
}
