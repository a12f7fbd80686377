package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kmodfarm.archive.UnsafeEntryException;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.ReadMode;
import org.kmodfarm.dkms.tree.AtomicFs;
import org.kmodfarm.dkms.tree.BuiltDirs;
import org.kmodfarm.dkms.tree.DkmsTarball;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.TreeRoots;
import org.kmodfarm.dkms.tree.TreeWriter;

/**
 * DKMS 3.2.2's {@code load_tarball} followed by {@code add_module}: {@code ldtarball}, and {@code add} given an
 * archive. Reads a {@code mktarball} archive (kmodfarm's or DKMS's) or a plain source tarball, with DKMS's
 * messages, refusals and exit codes. Where kmodfarm differs, on purpose:
 *
 * <ul>
 *   <li>the archive is extracted safely: an absolute name, {@code ..} or a link leaving the archive makes the
 *       whole archive refused (exit 7) before anything in the trees changes, where GNU tar would skip or
 *       rewrite such entries and DKMS go on;</li>
 *   <li>every kernel of a multi-kernel archive is loaded. DKMS 3.2.2 (and 3.0.10) declare the loop's
 *       variables {@code local -r}, so from the second kernel on bash refuses the assignment and DKMS
 *       re-tries the first kernel's directory ("already exists. Skipping...", or with {@code --force} the
 *       second kernel's files copied over the first's);</li>
 *   <li>only {@code dkms_main_tree/<kernel>/<arch>} directories whose kernel is named like a release (a
 *       digit, a dot: what status lists) are loaded; others are skipped with a warning, so an archive cannot
 *       overwrite {@code source} or {@code build};</li>
 *   <li>a built directory is copied whole, hidden files included ({@code .dep_*}), and renamed into place;
 *       DKMS's {@code cp -rf dir/*} leaves hidden files behind.</li>
 * </ul>
 *
 * Holds the tree's writer lock from extraction to the end of the add. Not thread-safe.
 */
final class TarballLoad {
    // What DKMS's status counts as a kernel directory (extglob +([0-9]).*).
    private static final Pattern KERNEL_DIR = Pattern.compile("[0-9]+\\..*", Pattern.DOTALL);

    private final DkmsTree tree;
    private final ConfAccess confs;
    private final Console console;
    private final Host host;
    private final AddVerb adder;

    TarballLoad(DkmsTree tree, ConfAccess confs, Console console, Host host, AddVerb adder) {
        this.tree = tree;
        this.confs = confs;
        this.console = console;
        this.host = host;
        this.adder = adder;
    }

    /** {@code ldtarball}: {@code load_tarball && add_module}. @return the exit code */
    int ldtarball(DkmsOptions options, KernelTargets targets) throws IOException {
        if (!host.root() && options.force()) {
            throw DkmsExit.die(1, "You must be root to use this command with the --force option.");
        }
        return run(options, targets, true);
    }

    /** {@code add FILE}: {@code add_module} loads the archive, then adds whatever it named. */
    int add(DkmsOptions options, KernelTargets targets) throws IOException {
        return run(options, targets, false);
    }

    private int run(DkmsOptions options, KernelTargets targets, boolean addOnlyIfLoaded) throws IOException {
        String archive = options.archiveLocation();
        Path file = Path.of(host.workingDirectory()).resolve(archive);
        if (archive.isEmpty() || !Files.exists(file)) {
            throw DkmsExit.die(2, archive + " does not exist.");
        }
        if (archive.endsWith(".rpm")) {
            throw DkmsExit.notImplemented("Loading an .rpm archive (" + archive + ")");
        }
        Path temp = tempDir();
        try {
            TreeWriter lock = tree.openWriter();
            try {
                extract(archive, file, temp);
                Loaded loaded = Files.isDirectory(temp.resolve(DkmsTarball.MAIN_TREE))
                        ? loadDkmsTarball(archive, temp, options, targets) : loadSourceTarball(temp, options, targets);
                if (!loaded.complete() && addOnlyIfLoaded) {
                    return 1;
                }
                DkmsOptions addOptions = loaded.conf().isEmpty() ? options : with(options, "", loaded.conf());
                return adder.add(loaded.moduleVersion(), addOptions, targets);
            } finally {
                lock.close();
            }
        } finally {
            AtomicFs.deleteTree(temp);
        }
    }

    /**
     * What {@code load_tarball} leaves for {@code add_module}.
     *
     * @param complete false when DKMS's load_tarball returns 1 (binaries only, no source on the system)
     * @param conf     the conf {@code add_module} reads instead of the source tree's, or empty
     */
    private record Loaded(ModuleVersion moduleVersion, boolean complete, String conf) {
    }

    private Loaded loadSourceTarball(Path temp, DkmsOptions options, KernelTargets targets) throws IOException {
        Optional<Path> conf = DkmsTarball.firstConf(temp);
        if (conf.isEmpty()) {
            throw DkmsExit.die(3, "Tarball does not appear to be a correctly formed DKMS archive. No dkms.conf "
                    + "found within it.");
        }
        ModuleVersion mv = adder.importSourceTree(with(options, conf.get().getParent() + "/", options.conf()),
                targets);
        // DKMS's conf=$(find …) sets the global conf, which add_module then reads.
        return new Loaded(mv, true, conf.get().toString());
    }

    private Loaded loadDkmsTarball(String archive, Path temp, DkmsOptions options, KernelTargets targets)
            throws IOException {
        String loc = null;
        ModuleVersion mv = null;
        for (String candidate : List.of(DkmsTarball.SOURCE_TREE, DkmsTarball.BINARIES_ONLY)) {
            Path conf = temp.resolve(candidate).resolve("dkms.conf");
            if (!Files.isRegularFile(conf)) {
                continue;
            }
            DkmsConf read = confs.read(conf.toString(), "", "", targets.kernel(0), targets.arch(0), ReadMode.NORMAL);
            if (read.pkg().name().isEmpty() || read.pkg().version().isEmpty() || read.pkg().name().contains("/")) {
                console.err("");
                console.err("Malformed dkms.conf, refusing to load.");
                continue;
            }
            mv = new ModuleVersion(read.pkg().name(), read.pkg().version());
            if (tree.isAdded(mv) && !options.force()) {
                throw DkmsExit.die(8, mv + " is already added!", "Aborting.");
            }
            loc = candidate;
            break;
        }
        if (loc == null) {
            throw DkmsExit.die(7, "No valid dkms.conf in dkms_source_tree or dkms_binaries_only.",
                    archive + " is not a valid DKMS tarball.");
        }
        console.out("");
        console.out("Loading tarball for " + mv);
        TreeRoots roots = tree.roots();
        Path sourceDir = cwd().resolve(roots.sourceDir(mv));
        if (loc.equals(DkmsTarball.SOURCE_TREE)) {
            adder.importSourceTree(with(options, temp.resolve(DkmsTarball.SOURCE_TREE).toString(), options.conf()),
                    targets);
        } else if (!Files.isDirectory(sourceDir)) {
            String stub = roots.versionDir(mv) + "/source";
            console.out("Creating " + stub);
            Files.createDirectories(cwd().resolve(stub));
            console.out("Copying dkms.conf to " + stub + " ...");
            Files.copy(temp.resolve(DkmsTarball.BINARIES_ONLY).resolve("dkms.conf"),
                    cwd().resolve(stub).resolve("dkms.conf"), StandardCopyOption.REPLACE_EXISTING);
        }
        loadBuilt(mv, temp.resolve(DkmsTarball.MAIN_TREE), options.force());
        return new Loaded(mv, !loc.equals(DkmsTarball.BINARIES_ONLY) || Files.isDirectory(sourceDir), "");
    }

    /** DKMS's loop over {@code dkms_main_tree/*}{@code /*}, every kernel this time (see the class comment). */
    private void loadBuilt(ModuleVersion mv, Path mainTree, boolean force) throws IOException {
        TreeRoots roots = tree.roots();
        for (String kernel : visibleDirs(mainTree)) {
            for (String arch : visibleDirs(mainTree.resolve(kernel))) {
                KernelArch target = new KernelArch(kernel, arch);
                String location = roots.builtDir(mv, target);
                if (!KERNEL_DIR.matcher(kernel).matches()) {
                    console.warn(DkmsTarball.MAIN_TREE + "/" + kernel + "/" + arch + " is not named after a kernel "
                            + "release. Skipping...");
                } else if (Files.isDirectory(cwd().resolve(location)) && !force) {
                    console.warn(location + " already exists. Skipping...");
                } else {
                    console.out("Loading " + location + "...");
                    BuiltDirs.replace(absolute(roots), mv, target, mainTree.resolve(kernel).resolve(arch));
                }
            }
        }
    }

    /** The names of the non-hidden real directories in {@code dir}, sorted as a glob's matches (C locale). */
    private static List<String> visibleDirs(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted()
                    .forEach(names::add);
        }
        return names;
    }

    private void extract(String archive, Path file, Path temp) throws IOException {
        try {
            DkmsTarball.extract(file, temp);
        } catch (UnsafeEntryException e) {
            throw DkmsExit.die(7, archive + " holds an entry kmodfarm does not extract: " + e.getMessage(),
                    "Nothing was loaded.");
        } catch (IOException e) {
            // DKMS ignores tar's failure (tar has printed why) and looks at what was extracted.
            console.err("kmodfarm: cannot extract " + archive + ": " + Objects.toString(e.getMessage(), e.toString()));
        }
    }

    /** DKMS's {@code mktemp -d "$tmp_location/dkms.XXXXXX"}, {@code $TMPDIR} or /tmp. */
    private Path tempDir() {
        String tmp = host.environment().getOrDefault("TMPDIR", "");
        try {
            return Files.createTempDirectory(Path.of(tmp.isEmpty() ? "/tmp" : tmp), "dkms.");
        } catch (IOException | IllegalArgumentException e) {
            throw DkmsExit.die(1, "Unable to make temporary directory.");
        }
    }

    private TreeRoots absolute(TreeRoots roots) {
        return new TreeRoots(cwd().resolve(roots.dkmsTree()).toString(), cwd().resolve(roots.sourceTree()).toString(),
                cwd().resolve(roots.installTree()).toString());
    }

    private Path cwd() {
        return Path.of(host.workingDirectory());
    }

    /** {@code options} with DKMS's {@code try_source_tree} and {@code conf} globals set as load_tarball sets them. */
    private static DkmsOptions with(DkmsOptions o, String trySourceTree, String conf) {
        return new DkmsOptions(o.action(), o.module(), o.moduleVersion(), o.kernels(), o.arches(), conf, o.force(),
                o.all(), o.json(), o.rpmSafeUpgrade(), o.binariesOnly(), o.sourceOnly(), o.dkmsTree(), o.sourceTree(),
                o.installTree(), o.kernelSourceDir(), o.kernelConfig(), trySourceTree, o.archiveLocation(),
                o.parallelJobs(), o.noDepmod(), o.modprobeOnInstall());
    }
}
