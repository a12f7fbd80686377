package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.kmodfarm.dkms.DestinationPolicy;
import org.kmodfarm.dkms.tree.AtomicFs;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;

/**
 * Installs a module version the farm built into another system's root (an image, a chroot) where DKMS would,
 * and registers it in that root's DKMS tree so its own DKMS sees it installed: {@code /var/lib/dkms/NAME/VERSION/
 * KERNEL/ARCH} (the built modules and log), the {@code source} link to {@code /usr/src/NAME-VERSION}, the
 * {@code kernel-KERNEL-ARCH} link; a same-named module of the root is moved to {@code original_module/} with its
 * {@code .origin} note, as DKMS does, and restored on uninstall. Then {@code depmod -b ROOT} with the root's
 * System.map. No dkms.conf script runs (they are the module's, untrusted on this machine). Not thread-safe.
 */
public final class RootInstall {
    /**
     * What to install.
     *
     * @param built       the farm's {@code NAME/VERSION/KERNEL/ARCH} folder (module/, log/)
     * @param source      the module's source, copied to the root's {@code /usr/src/NAME-VERSION}
     * @param destination DEST_MODULE_LOCATION as written; the root's distribution may override it
     */
    public record Request(Path root, ModuleVersion mv, KernelArch target, Path built, Path source,
                          String destination) {
        public Request {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(mv, "mv");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(built, "built");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
        }

        Path lib() {
            return root.resolve("lib/modules").resolve(target.kernel());
        }

        Path dkms() {
            return root.resolve("var/lib/dkms").resolve(mv.module());
        }

        Path registered() {
            return dkms().resolve(mv.version()).resolve(target.kernel()).resolve(target.arch());
        }

        Path link() {
            return dkms().resolve("kernel-" + target.kernel() + "-" + target.arch());
        }

        Path originals() {
            return dkms().resolve("original_module").resolve(target.kernel()).resolve(target.arch());
        }

        /** A path of the root as the root's own system sees it. */
        String inside(Path p) {
            return "/" + root.relativize(p);
        }
    }

    private final BuildIo io;
    private final BuildOutput out;
    private final Map<String, String> env;

    public RootInstall(BuildIo io, BuildOutput out, Map<String, String> env) {
        this.io = Objects.requireNonNull(io, "io");
        this.out = Objects.requireNonNull(out, "out");
        this.env = Map.copyOf(env);
    }

    /**
     * Installs; an installed version of the same module on that kernel is uninstalled first.
     *
     * @return false when the root has no such kernel (nothing is written)
     */
    public boolean install(Request r) throws IOException {
        if (!Files.isDirectory(r.lib())) {
            out.err("Error! The directory " + r.lib() + " doesn't exist.\n"
                    + "You cannot install a module onto a non-existent kernel.\n");
            return false;
        }
        if (Files.isSymbolicLink(r.link())) {
            uninstall(r, activeVersion(r).orElse(r.mv().version()), false);
        }
        register(r);
        String location = new DestinationPolicy(DestinationPolicy.runningDistribution(List.of(
                r.root().resolve("etc/os-release"), r.root().resolve("usr/lib/os-release"))).orElse(""), "")
                .override(r.destination());
        for (Path module : modules(r.registered().resolve("module"))) {
            String file = module.getFileName().toString();
            archiveOriginal(r, file.substring(0, file.indexOf(".ko")), location);
            Path dest = Files.createDirectories(Path.of(r.lib() + location)).resolve(file);
            out.line("Installing " + r.inside(dest));
            Files.copy(module, dest, StandardCopyOption.REPLACE_EXISTING);
        }
        AtomicFs.symlink(r.link(), Path.of(r.mv().version(), r.target().kernel(), r.target().arch()));
        depmod(r);
        return true;
    }

    /** Uninstalls what {@link #install} put in, restoring the originals. @return false when it was not installed */
    public boolean uninstall(Request r) throws IOException {
        Optional<String> active = activeVersion(r);
        if (active.isEmpty() || !active.get().equals(r.mv().version())) {
            out.line("Module " + r.mv() + " is not installed for kernel " + r.target().kernel() + " ("
                    + r.target().arch() + ") in " + r.root() + ". Skipping...");
            return false;
        }
        uninstall(r, active.get(), true);
        return true;
    }

    private void uninstall(Request r, String version, boolean runDepmod) throws IOException {
        Path registered = r.dkms().resolve(version).resolve(r.target().kernel()).resolve(r.target().arch());
        for (Path module : modules(registered.resolve("module"))) {
            String file = module.getFileName().toString();
            try (Stream<Path> walk = Files.walk(r.lib())) {
                for (Path installed : walk.filter(p -> p.getFileName().toString().equals(file))
                        .filter(p -> sameBytes(p, module)).toList()) {
                    out.line("Deleting " + r.inside(installed));
                    Files.delete(installed);
                    deleteEmptyParents(installed.getParent(), r.lib());
                }
            }
        }
        restoreOriginals(r);
        Files.deleteIfExists(r.link());
        if (runDepmod) {
            depmod(r);
        }
    }

    /** The root's DKMS tree gets the module as built: source, built folder (modules, log). */
    private void register(Request r) throws IOException {
        Path src = r.root().resolve("usr/src").resolve(r.mv().module() + "-" + r.mv().version());
        if (!Files.isDirectory(src)) {
            copyTree(r.source(), src);
        }
        Path versionDir = Files.createDirectories(r.dkms().resolve(r.mv().version()));
        if (!Files.isSymbolicLink(versionDir.resolve("source"))) {
            Files.createSymbolicLink(versionDir.resolve("source"), Path.of(r.inside(src)));
        }
        AtomicFs.deleteTree(r.registered());
        copyTree(r.built(), r.registered());
    }

    /** DKMS's order: extra/, updates/, the destination, then the only same-named module anywhere. */
    private void archiveOriginal(Request r, String name, String location) throws IOException {
        List<Path> candidates = new ArrayList<>();
        for (Path dir : List.of(r.lib().resolve("extra"), r.lib().resolve("updates"), Path.of(r.lib() + location))) {
            candidates.addAll(named(dir, name, false));
        }
        if (candidates.isEmpty()) {
            List<Path> anywhere = named(r.lib(), name, true);
            if (anywhere.size() == 1) {
                candidates.addAll(anywhere);
            }
        }
        for (Path original : candidates) {
            out.line("Found pre-existing " + r.inside(original) + ", archiving for uninstallation");
            Path backup = Files.createDirectories(r.originals());
            String file = original.getFileName().toString();
            Files.writeString(backup.resolve(file + ".origin"), r.inside(original) + "\n");
            Files.move(original, backup.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            return;
        }
    }

    private void restoreOriginals(Request r) throws IOException {
        if (!Files.isDirectory(r.originals())) {
            return;
        }
        try (Stream<Path> files = Files.list(r.originals())) {
            for (Path origin : files.filter(p -> p.getFileName().toString().endsWith(".origin")).toList()) {
                String location = Files.readAllLines(origin).stream().findFirst().orElse("");
                String kept = origin.getFileName().toString().replaceFirst("\\.origin$", "");
                if (!location.startsWith("/lib/modules/" + r.target().kernel() + "/")) {
                    out.warn("Bad original location '" + location + "' in " + origin);
                    continue;
                }
                out.line("Restoring archived original module " + location);
                Path back = r.root().resolve(location.substring(1));
                Files.createDirectories(back.getParent());
                Files.move(r.originals().resolve(kept), back, StandardCopyOption.REPLACE_EXISTING);
                Files.delete(origin);
            }
        }
        AtomicFs.deleteTree(r.originals());
        deleteEmptyParents(r.originals().getParent(), r.dkms());
    }

    /** {@code depmod -b ROOT -a KERNEL [-F ROOT/boot/System.map-KERNEL]}: the root's own index. */
    private void depmod(Request r) throws IOException {
        List<String> argv = Depmod.command(r.root().resolve("lib/modules").toString(), r.target().kernel());
        out.line("Running " + String.join(" ", argv));
        BuildIo.Result result = io.exec(argv, Path.of("/"), env);
        if (result.exitCode() != 0) {
            throw new IOException("depmod failed for " + r.target().kernel() + " in " + r.root() + " (status "
                    + result.exitCode() + "): " + result.output().strip());
        }
    }

    private static Optional<String> activeVersion(Request r) throws IOException {
        if (!Files.isSymbolicLink(r.link())) {
            return Optional.empty();
        }
        Path target = Files.readSymbolicLink(r.link());
        return target.getNameCount() == 3 ? Optional.of(target.getName(0).toString()) : Optional.empty();
    }

    private static List<Path> modules(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches(".+\\.ko(\\.xz|\\.zst|\\.gz)?")).sorted()
                    .toList();
        }
    }

    private static List<Path> named(Path dir, String name, boolean deep) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = deep ? Files.walk(dir) : Files.list(dir)) {
            return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(name)
                            + "\\.ko(\\.xz|\\.zst|\\.gz)?")).sorted().toList();
        }
    }

    private static boolean sameBytes(Path a, Path b) {
        try {
            return Files.mismatch(a, b) == -1;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteEmptyParents(Path dir, Path stop) throws IOException {
        for (Path d = dir; d != null && d.startsWith(stop) && !d.equals(stop); d = d.getParent()) {
            try (Stream<Path> rest = Files.list(d)) {
                if (rest.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(d);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }
}
