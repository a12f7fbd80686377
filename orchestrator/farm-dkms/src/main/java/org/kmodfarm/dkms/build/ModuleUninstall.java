package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.kmodfarm.dkms.ModuleSpec;
import org.kmodfarm.dkms.tree.AtomicFs;

/**
 * DKMS 3.2.2's {@code do_uninstall} after its first line and the conf read: when this version is the active
 * one, deletes its modules from the kernel tree, restores archived originals and drops the link; then
 * POST_REMOVE, depmod and the original-module cleanup. Not thread-safe.
 */
public final class ModuleUninstall {
    private final BuildIo io;
    private final BuildOutput out;
    private final Invoker invoker;

    public ModuleUninstall(BuildIo io, BuildOutput out, Invoker invoker) {
        this.io = Objects.requireNonNull(io, "io");
        this.out = Objects.requireNonNull(out, "out");
        this.invoker = Objects.requireNonNull(invoker, "invoker");
    }

    /** Uninstalls; see the class comment. */
    public void run(InstallRequest r) throws IOException {
        Path link = r.activeLink();
        boolean active = Files.exists(link) && link.toRealPath().toString().equals(r.roots().builtDir(r.mv(),
                r.target()));
        if (active) {
            out.line("Before uninstall, this module version was ACTIVE on this kernel.");
            for (ModuleSpec m : r.conf().modules()) {
                removeInstalled(r, m);
                restoreOriginals(r, m);
            }
            Files.deleteIfExists(link);
        } else {
            out.line("This module version was INACTIVE for this kernel.");
        }
        Hook.run("post_remove", r.conf().scripts().postRemove(), Path.of(r.roots().versionDir(r.mv()), "source"),
                io, out, r.environment());
        if (r.deferDepmod()) {
            Depmod.markPending(r.roots().dkmsTree(), r.target());
        } else {
            new Depmod(io, invoker, r.environment()).run(r.roots().installTree(), r.target().kernel(), r.noDepmod());
        }
        Path originals = Path.of(r.roots().dkmsTree(), r.mv().module(), "original_module");
        if (active && Files.isDirectory(r.backupDir())) {
            out.line("Removing original module(s) from DKMS tree for kernel " + r.target().kernel() + " ("
                    + r.target().arch() + ")");
            AtomicFs.deleteTree(r.backupDir());
            deleteWithoutSubdirectories(r.backupDir().getParent());
        }
        deleteWithoutSubdirectories(originals);
    }

    private void removeInstalled(InstallRequest r, ModuleSpec m) throws IOException {
        Optional<String> location = actualLocation(r, m);
        if (location.isEmpty()) {
            out.line("Module " + m.destName() + r.suffix().full() + " was not found within " + r.libTree() + "/");
            return;
        }
        Path dir = Path.of(r.libTree() + location.get());
        out.line("Deleting " + dir + "/" + m.destName() + r.suffix().full());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(m.destName() + ".ko")).toList()) {
                Files.deleteIfExists(f);
            }
        }
        // rmdir -p --ignore-fail-on-non-empty, relative to the kernel's directory
        for (Path d = dir; d != null && d.startsWith(r.libTree()) && !d.equals(r.libTree()); d = d.getParent()) {
            try (Stream<Path> rest = Files.list(d)) {
                if (rest.findAny().isPresent()) {
                    break;
                }
            }
            Files.delete(d);
        }
    }

    /** {@code find_actual_dest_module_location}: where a module of the same version as ours is installed. */
    private Optional<String> actualLocation(InstallRequest r, ModuleSpec m) throws IOException {
        List<String> locations = new ArrayList<>(List.of(m.destLocation()));
        if (!m.rawDestLocation().equals(m.destLocation())) {
            locations.add(m.rawDestLocation());
        }
        Path owned = r.suffix().find(r.activeLink().resolve("module"), m.destName())
                .orElse(r.activeLink().resolve("module"));
        for (String l : locations) {
            Optional<Path> installed = r.suffix().find(Path.of(r.libTree() + l), m.destName());
            if (installed.isPresent() && ModInfo.sameVersion(io, owned, installed.get(), r.environment())) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    private void restoreOriginals(InstallRequest r, ModuleSpec m) throws IOException {
        Path backup = r.backupDir();
        if (Files.isDirectory(backup)) {
            List<Path> origins;
            try (Stream<Path> walk = Files.walk(backup)) {
                origins = walk.filter(Files::isRegularFile).filter(p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith(m.destName() + ".") && n.endsWith(".origin");
                }).toList();
            }
            for (Path origin : origins) {
                String name = origin.toString();
                Path original = Path.of(name.substring(0, name.length() - ".origin".length()));
                if (!Files.isRegularFile(original)) {
                    continue;
                }
                String location = Files.readAllLines(origin).stream().findFirst().orElse("");
                if (location.startsWith(r.libTree() + "/")) {
                    out.line("Restoring archived original module " + location);
                    Files.createDirectories(Path.of(location).getParent());
                    Files.move(original, Path.of(location), StandardCopyOption.REPLACE_EXISTING);
                    Files.deleteIfExists(origin);
                } else {
                    out.warn("Bad original location '" + location + "' in " + origin);
                }
            }
            deleteEmptyDirectories(backup.getParent());
        }
        Optional<Path> legacy = r.suffix().find(backup, m.destName());
        if (legacy.isPresent()) {
            // Archived by DKMS before .origin files existed: back to DEST_MODULE_LOCATION as written.
            out.line("Restoring archived original module");
            Path dir = Path.of(r.libTree() + m.rawDestLocation());
            Files.createDirectories(dir);
            Files.move(legacy.get(), dir.resolve(legacy.get().getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * {@code find dir -type d -empty -delete}: bottom up, so a directory emptied by the deletions goes too, and
     * an archive emptied by the restores is gone before the "Removing original module(s)" step looks for it.
     */
    private static void deleteEmptyDirectories(Path dir) throws IOException {
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(dir)) {
            dirs = walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        // Walked parents first: in reverse every directory comes after its subdirectories.
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Path d = dirs.get(i);
            try (Stream<Path> children = Files.list(d)) {
                if (children.findAny().isPresent()) {
                    continue;
                }
            }
            Files.delete(d);
        }
    }

    /** Deletes {@code dir} when it has no subdirectory left (DKMS's {@code find … -type d} test). */
    private static void deleteWithoutSubdirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            if (children.noneMatch(Files::isDirectory)) {
                AtomicFs.deleteTree(dir);
            }
        }
    }
}
