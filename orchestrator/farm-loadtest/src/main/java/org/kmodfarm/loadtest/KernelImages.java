package org.kmodfarm.loadtest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.kmodfarm.archive.ArReader;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.TarReader;
import org.kmodfarm.core.io.AtomicFiles;
import org.kmodfarm.model.InfraException;

/**
 * Kernel images and busybox taken out of their packages, kept under a cache folder
 * ({@code TREE/.kmodfarm/cache/loadtest/}) by package digest, so a package is unpacked once: the kernel, its
 * {@code .config}, {@code modules.builtin} and the list of its module files; module files themselves only when a
 * load test needs them. Thread-safe: every file is written atomically, and a race writes the same bytes twice.
 */
public final class KernelImages {
    private final Path dir;
    private final DebCache debs;

    public KernelImages(Path dir, DebCache debs) {
        this.dir = dir;
        this.debs = debs;
    }

    /** The kernel of {@code pkg} ({@code linux-image-KERNEL…}). */
    public KernelImage kernel(String kernel, PackageRef pkg) {
        Path unpacked = dir.resolve(unpackedName(pkg));
        Path vmlinuz = unpacked.resolve("vmlinuz");
        Path list = unpacked.resolve("modules.list");
        try {
            if (!Files.isRegularFile(list)) {
                String boot = "boot/";
                String mods = "lib/modules/" + kernel + "/";
                Map<String, byte[]> wanted = new TreeMap<>();
                StringBuilder paths = new StringBuilder();
                data(pkg, (name, content) -> {
                    if (name.equals(boot + "vmlinuz-" + kernel) || name.equals(boot + "config-" + kernel)
                            || name.equals(mods + "modules.builtin")) {
                        wanted.put(name.substring(name.lastIndexOf('/') + 1), content.readAllBytes());
                    } else if (name.startsWith(mods) && ModuleNames.isModule(name)) {
                        paths.append(name).append('\n');
                    }
                });
                byte[] image = wanted.get("vmlinuz-" + kernel);
                if (image == null) {
                    throw new InfraException(pkg.name() + " " + pkg.version() + " holds no boot/vmlinuz-" + kernel,
                            "report it: kmodfarm expects Debian's layout of kernel image packages");
                }
                AtomicFiles.write(vmlinuz, image);
                AtomicFiles.write(unpacked.resolve("config"), wanted.getOrDefault("config-" + kernel, new byte[0]));
                AtomicFiles.write(unpacked.resolve("modules.builtin"),
                        wanted.getOrDefault("modules.builtin", new byte[0]));
                // written last: its presence says the rest is complete
                AtomicFiles.write(list, paths.toString().getBytes(StandardCharsets.UTF_8));
            }
            Path boot = bootImage(unpacked, vmlinuz, Files.readString(unpacked.resolve("config")));
            Map<String, String> modules = new HashMap<>();
            Files.readString(list).lines().forEach(p -> modules.putIfAbsent(ModuleNames.of(p), p));
            Set<String> builtin = Files.readString(unpacked.resolve("modules.builtin")).lines()
                    .filter(l -> !l.isBlank()).map(ModuleNames::of).collect(Collectors.toSet());
            return new KernelImage(kernel, pkg, boot, Files.readString(unpacked.resolve("config")), builtin,
                    modules);
        } catch (IOException e) {
            throw new InfraException("cannot unpack " + pkg.name() + " " + pkg.version() + ": " + e.getMessage(),
                    "remove " + unpacked + " and run again", e);
        }
    }

    /**
     * What QEMU boots: the kernel decompressed ahead of time when it has a PVH entry point and its payload is
     * readable here (see {@link BzImage}), else the bzImage itself. Decided once per package.
     */
    private static Path bootImage(Path unpacked, Path vmlinuz, String config) throws IOException {
        Path elf = unpacked.resolve("vmlinux");
        Path none = unpacked.resolve("vmlinux.none");
        if (!Files.isRegularFile(elf) && !Files.isRegularFile(none)) {
            Optional<byte[]> kernel = config.lines().anyMatch("CONFIG_PVH=y"::equals)
                    ? BzImage.vmlinux(Files.readAllBytes(vmlinuz)) : Optional.empty();
            if (kernel.isPresent()) {
                AtomicFiles.write(elf, kernel.get());
            } else {
                AtomicFiles.write(none, new byte[0]);
            }
        }
        return Files.isRegularFile(elf) ? elf : vmlinuz;
    }

    /** The module files {@code paths} of the kernel's package, uncompressed, by path. */
    public Map<String, byte[]> moduleFiles(KernelImage image, Set<String> paths) {
        Path unpacked = dir.resolve(unpackedName(image.pkg())).resolve("modules");
        Map<String, byte[]> out = new TreeMap<>();
        try {
            boolean missing = false;
            for (String p : paths) {
                Path f = unpacked.resolve(p);
                if (Files.isRegularFile(f)) {
                    out.put(p, Files.readAllBytes(f));
                } else {
                    missing = true;
                }
            }
            if (missing) {
                data(image.pkg(), (name, content) -> {
                    if (paths.contains(name) && !out.containsKey(name)) {
                        byte[] plain = uncompressed(name, content.readAllBytes());
                        AtomicFiles.write(unpacked.resolve(name), plain);
                        out.put(name, plain);
                    }
                });
            }
            return out;
        } catch (IOException e) {
            throw new InfraException("cannot take modules out of " + image.pkg().name() + ": " + e.getMessage(),
                    "remove " + unpacked + " and run again", e);
        }
    }

    /** The busybox binary of Debian's {@code busybox-static}. */
    public byte[] busybox(PackageRef pkg) {
        Path file = dir.resolve(unpackedName(pkg)).resolve("busybox");
        try {
            if (!Files.isRegularFile(file)) {
                Map<String, byte[]> found = new TreeMap<>();
                data(pkg, (name, content) -> {
                    // bookworm ships bin/busybox, trixie (merged /usr) usr/bin/busybox
                    if (name.equals("bin/busybox") || name.equals("usr/bin/busybox")) {
                        found.put("busybox", content.readAllBytes());
                    }
                });
                if (!found.containsKey("busybox")) {
                    throw new InfraException(pkg.name() + " " + pkg.version() + " holds no bin/busybox nor "
                            + "usr/bin/busybox", "report it: kmodfarm expects Debian's busybox-static");
                }
                AtomicFiles.write(file, found.get("busybox"));
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InfraException("cannot unpack " + pkg.name() + ": " + e.getMessage(),
                    "remove " + file.getParent() + " and run again", e);
        }
    }

    /** A module file as the kernel's loader takes it through busybox's insmod: uncompressed. */
    static byte[] uncompressed(String name, byte[] bytes) throws IOException {
        Compression c = Compression.ofFileName(name);
        if (c == Compression.NONE) {
            return bytes;
        }
        try (InputStream in = c.decompress(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    private static String unpackedName(PackageRef pkg) {
        return pkg.cacheName().substring(0, pkg.cacheName().length() - ".deb".length());
    }

    private void data(PackageRef pkg, TarReader.FileVisitor visitor) throws IOException {
        byte[] deb = debs.get(pkg);
        try (InputStream in = new ByteArrayInputStream(deb)) {
            boolean found = ArReader.read(in, n -> n.startsWith("data.tar"), (name, member) -> {
                Compression c = Compression.ofFileName(name);
                if (!c.supported()) {
                    throw new IOException(pkg.name() + "'s " + name + " is " + c + "-compressed, which kmodfarm "
                            + "cannot read");
                }
                TarReader.each(c.decompress(member), visitor);
                return true;
            }).orElse(false);
            if (!found) {
                throw new IOException(pkg.name() + " has no data.tar member");
            }
        }
    }
}
