package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.ReadMode;
import org.kmodfarm.dkms.build.Hook;
import org.kmodfarm.dkms.build.LocalBuildIo;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.TreeRoots;
import org.kmodfarm.dkms.tree.TreeWriter;

/** DKMS 3.2.2's {@code add_module}, with {@code add_source_tree} for a directory or dkms.conf argument. */
final class AddVerb {
    private final DkmsTree tree;
    private final ConfAccess confs;
    private final Console console;
    private final Host host;
    private final DkmsProfile profile;

    AddVerb(DkmsTree tree, ConfAccess confs, Console console, Host host, DkmsProfile profile) {
        this.tree = tree;
        this.confs = confs;
        this.console = console;
        this.host = host;
        this.profile = profile;
    }

    /** @return the exit code: 0, or the POST_ADD script's */
    int run(DkmsOptions options, KernelTargets targets) throws IOException {
        String module = options.module();
        String version = options.moduleVersion();
        if (!options.archiveLocation().isEmpty() && module.isEmpty() && version.isEmpty()) {
            throw DkmsExit.notImplemented("Adding a module from a tarball (" + options.archiveLocation() + ")");
        } else if (!options.trySourceTree().isEmpty() && module.isEmpty() && version.isEmpty()) {
            ModuleVersion imported = importSourceTree(options, targets);
            module = imported.module();
            version = imported.version();
        }
        return add(DkmsCommand.moduleArgs("add", module, version), options, targets);
    }

    /**
     * {@code add_module} once the module and version are known; also the implicit add of build and install.
     *
     * @return the exit code: 0, or the POST_ADD script's
     */
    int add(ModuleVersion mv, DkmsOptions options, KernelTargets targets) throws IOException {
        if (options.rpmSafeUpgrade()) {
            new RpmSafeUpgrade(host).lock(mv);
        }
        TreeRoots roots = tree.roots();
        DkmsConf conf;
        try (TreeWriter writer = tree.openWriter()) {
            if (tree.isAdded(mv)) {
                throw DkmsExit.die(3, "DKMS tree already contains: " + mv,
                        "You cannot add the same module/version combo more than once.");
            }
            String sourceConf = options.conf().isEmpty() ? roots.sourceDir(mv) + "/dkms.conf" : options.conf();
            if (!Files.isDirectory(Path.of(roots.sourceDir(mv)))) {
                throw DkmsExit.die(2, "Could not find module source directory.",
                        "Directory: " + roots.sourceDir(mv) + " does not exist.");
            }
            conf = confs.read(sourceConf, mv.module(), mv.version(), targets.kernel(0), targets.arch(0),
                    ReadMode.STRICT);
            console.out("Creating symlink " + roots.versionDir(mv) + "/source -> " + roots.sourceDir(mv));
            writer.add(mv);
        }
        return Hook.run("post_add", conf.scripts().postAdd(), Path.of(roots.versionDir(mv), "source"),
                new LocalBuildIo(), new ConsoleOutput(console), host.environment());
    }

    /**
     * {@code add_source_tree}: reads the tree's dkms.conf and copies the tree to {@code $source_tree/m-v}.
     * Build and install call it too when given a source directory instead of a module.
     */
    ModuleVersion importSourceTree(DkmsOptions options, KernelTargets targets) throws IOException {
        String given = options.trySourceTree();
        Path from;
        try {
            from = Path.of(host.workingDirectory()).resolve(given).toRealPath();
        } catch (IOException e) {
            from = null;
        }
        if (from == null || !Files.isRegularFile(from.resolve("dkms.conf"))) {
            throw DkmsExit.die(9, given + " must contain a dkms.conf file!");
        }
        if (profile.importNeedsRoot() && !host.root()) {
            throw DkmsExit.die(1, "You must be root to use this command.");
        }
        DkmsConf conf = confs.read(from + "/dkms.conf", "", "", targets.kernel(0), targets.arch(0), ReadMode.NORMAL);
        if (conf.pkg().name().isEmpty() || conf.pkg().version().isEmpty()) {
            throw DkmsExit.die(10, "Malformed dkms.conf file. Cannot load source tree.");
        }
        ModuleVersion mv = new ModuleVersion(conf.pkg().name(), conf.pkg().version());
        TreeRoots roots = tree.roots();
        Path sourceDir = Path.of(roots.sourceDir(mv));
        if (options.force() && Files.isDirectory(sourceDir)) {
            console.err("");
            console.out("Forcing install of " + mv);
            org.kmodfarm.dkms.tree.AtomicFs.deleteTree(sourceDir);
        }
        String fromText = from.toString();
        if (fromText.equals(roots.sourceDir(mv)) || fromText.equals(roots.versionDir(mv) + "/source")
                || fromText.equals(roots.versionDir(mv) + "/build")) {
            return mv;
        }
        SourceCopy.copy(from, sourceDir);
        return mv;
    }
}
