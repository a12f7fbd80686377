package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kmodfarm.dkms.ReadMode;
import org.kmodfarm.dkms.tree.DkmsTarball;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.TreeRoots;
import org.kmodfarm.dkms.tree.TreeWriter;

/**
 * DKMS 3.2.2's {@code make_tarball} ({@code mktarball}): a module version's built kernels and its source (or
 * the binaries-only marker) in one archive, with DKMS's messages, default name and exit codes. The archive is
 * reproducible ({@link DkmsTarball}) and appears at once (written aside, then renamed). Loading is
 * {@link TarballLoad}'s. Not thread-safe.
 */
final class TarballVerbs {
    private final DkmsTree tree;
    private final ConfAccess confs;
    private final Console console;
    private final Host host;

    TarballVerbs(DkmsTree tree, ConfAccess confs, Console console, Host host) {
        this.tree = tree;
        this.confs = confs;
        this.console = console;
        this.host = host;
    }

    /**
     * {@code mktarball} for an added, unbroken {@code mv} (the caller checked).
     *
     * @return 0
     * @throws DkmsExit 6 for a kernel not built or a failed write, 9 for a destination not writable, 8 for a
     *                  bad dkms.conf
     */
    int make(ModuleVersion mv, DkmsOptions options, KernelTargets targets) throws IOException {
        TreeRoots roots = tree.roots();
        String versionDir = roots.versionDir(mv);
        String conf = options.conf().isEmpty() ? versionDir + "/source/dkms.conf" : options.conf();
        confs.read(conf, mv.module(), mv.version(), targets.kernel(0), targets.arch(0), ReadMode.NORMAL);
        byte[] tar;
        List<DkmsTarball.Built> kernels = new ArrayList<>();
        // The lock keeps a concurrent build or unbuild from changing what is read in the middle.
        TreeWriter lock = tree.openWriter();
        try {
            if (!options.sourceOnly()) {
                for (int i = 0; i < targets.kernels().size(); i++) {
                    String kernel = targets.kernel(i);
                    String arch = targets.arch(i);
                    Path built = cwd().resolve(versionDir + "/" + kernel + "/" + arch);
                    if (!Files.isDirectory(built)) {
                        throw DkmsExit.die(6, "No modules built for " + kernel + " (" + arch + ").",
                                "Modules must already be in the built state before using mktarball.");
                    }
                    console.out("Marking modules for " + kernel + " (" + arch + ") for archiving...");
                    kernels.add(new DkmsTarball.Built(new KernelArch(kernel, arch), built));
                }
            }
            DkmsTarball.Payload payload;
            console.out("");
            if (options.binariesOnly()) {
                console.out("Creating tarball structure to specifically accomodate binaries.");
                payload = new DkmsTarball.Payload.BinariesOnly(mv, cwd().resolve(conf));
            } else {
                console.out("Marking " + versionDir + "/source for archiving...");
                payload = new DkmsTarball.Payload.Source(cwd().resolve(versionDir + "/source"));
            }
            tar = DkmsTarball.tar(kernels, payload);
        } finally {
            lock.close();
        }
        String name = DkmsTarball.defaultName(mv,
                kernels.stream().map(DkmsTarball.Built::target).toList(), options.sourceOnly());
        String dest = versionDir + "/tarball/";
        String archive = options.archiveLocation();
        if (!archive.isEmpty()) {
            int slash = archive.lastIndexOf('/');
            name = archive.substring(slash + 1);
            if (slash >= 0) {
                dest = archive.substring(0, slash);
            }
        }
        console.out("");
        console.out("Tarball location: " + dest + "/" + name);
        writeArchive(tar, dest, name);
        return 0;
    }

    private void writeArchive(byte[] tar, String dest, String name) {
        Path dir = dest.isEmpty() ? null : cwd().resolve(dest);
        if (dir != null && !Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                dir = null;
            }
        }
        if (dir == null || !Files.isWritable(dir)) {
            throw DkmsExit.die(9, "Missing write permissions for " + dest + ".");
        }
        if (name.isEmpty()) {
            // tar -caf DIR/ fails like this, and DKMS hides why.
            throw DkmsExit.die(6, "Failed to make tarball.");
        }
        try {
            DkmsTarball.write(tar, dir.resolve(name));
        } catch (IOException e) {
            // DKMS hides tar's own message (2>/dev/null); kmodfarm says what went wrong.
            throw DkmsExit.die(6, "Failed to make tarball.", e.getMessage());
        }
    }

    private Path cwd() {
        return Path.of(host.workingDirectory());
    }
}
