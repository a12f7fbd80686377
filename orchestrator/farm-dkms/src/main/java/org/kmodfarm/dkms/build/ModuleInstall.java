package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.kmodfarm.dkms.ModuleSpec;
import org.kmodfarm.dkms.tree.AtomicFs;

/**
 * DKMS 3.2.2's {@code do_install} after the conf is read and the version is known not to be installed:
 * PRE_INSTALL, per module the version sanity check, archiving of the kernel's own module, the copy; then the
 * {@code kernel-K-A} link, POST_INSTALL and depmod. Not thread-safe.
 */
public final class ModuleInstall {
    private final BuildIo io;
    private final BuildOutput out;
    private final Invoker invoker;

    public ModuleInstall(BuildIo io, BuildOutput out, Invoker invoker) {
        this.io = Objects.requireNonNull(io, "io");
        this.out = Objects.requireNonNull(out, "out");
        this.invoker = Objects.requireNonNull(invoker, "invoker");
    }

    /** DKMS's build-completeness check: every destination module is in {@code module/}, else exit 6. */
    public static void checkComplete(InstallRequest r) throws DkmsFailure {
        Path moduleDir = r.baseDir().resolve("module");
        for (ModuleSpec m : r.conf().modules()) {
            if (r.suffix().find(moduleDir, m.destName()).isEmpty()) {
                throw DkmsFailure.die(6, "Missing module " + m.destName() + " in " + moduleDir);
            }
        }
    }

    /** Installs; see the class comment. */
    public void run(InstallRequest r) throws IOException, DkmsFailure {
        Path source = Path.of(r.roots().versionDir(r.mv()), "source");
        int pre = Hook.run("pre_install", r.conf().scripts().preInstall(), source, io, out, r.environment());
        if (pre != 0 && !r.force()) {
            throw DkmsFailure.die(101, "pre_install failed, aborting install.", "You may override by specifying --force.");
        }
        VersionSanity sanity = new VersionSanity(io, out, r);
        boolean anyInstalled = false;
        for (ModuleSpec m : r.conf().modules()) {
            if (!sanity.check(m.destName())) {
                continue;
            }
            List<Path> installed = r.suffix().findAll(r.libTree(), m.destName());
            archiveOriginal(r, m, installed);
            Path toInstall = r.suffix().find(r.baseDir().resolve("module"), m.destName()).orElseThrow();
            Path destDir = Path.of(r.libTree() + m.destLocation());
            Path dest = destDir.resolve(toInstall.getFileName().toString());
            out.line("Installing " + destDir + "/" + dest.getFileName());
            Files.createDirectories(destDir);
            Files.copy(toInstall, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            anyInstalled = true;
        }
        if (!r.conf().modules().isEmpty() && !anyInstalled) {
            throw DkmsFailure.die(6, "Installation aborted.");
        }
        Files.deleteIfExists(r.activeLink());
        AtomicFs.symlink(r.activeLink(), Path.of(r.mv().version(), r.target().kernel(), r.target().arch()));
        Hook.run("post_install", r.conf().scripts().postInstall(), source, io, out, r.environment());
        new Depmod(io, invoker, r.environment()).run(r.roots().installTree(), r.target().kernel(), r.noDepmod());
    }

    /**
     * Moves the kernel's own copy of the module aside (with a {@code .origin} note) so uninstall can restore it.
     * DKMS counts the modules found as one whatever their number (a string, not an array), so every one found
     * is a candidate and its collision handling never runs.
     */
    private void archiveOriginal(InstallRequest r, ModuleSpec m, List<Path> installed) throws IOException {
        Path backup = r.backupDir();
        boolean linked = Files.isSymbolicLink(r.activeLink());
        if (linked && r.suffix().find(backup, m.destName()).isPresent()) {
            out.line("An original module was already stored during a previous install");
            return;
        }
        if (linked) {
            return;
        }
        List<Path> candidates = new ArrayList<>();
        r.suffix().find(r.libTree().resolve("extra"), m.destName()).ifPresent(candidates::add);
        r.suffix().find(r.libTree().resolve("updates"), m.destName()).ifPresent(candidates::add);
        r.suffix().find(Path.of(r.libTree() + m.destLocation()), m.destName()).ifPresent(candidates::add);
        candidates.addAll(installed);
        for (Path original : candidates) {
            if (!Files.isRegularFile(original)) {
                continue;
            }
            out.line("Found pre-existing " + original + ", archiving for uninstallation");
            Files.createDirectories(backup);
            String name = original.getFileName().toString();
            Files.move(original, backup.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(backup.resolve(name + ".origin"), original + "\n");
            return;
        }
    }
}
