package org.kmodfarm.dkms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real-world inputs of {@link RealDkmsConfParityIT}: Debian's {@code *-dkms} packages fetched with
 * {@code apt-get download}, their dkms.conf files, and each matrix kernel's {@code .config} from wherever this
 * machine has it. Every external command runs with a time limit; nothing here is shared between tests.
 */
final class DebianDkmsInputs {
    /** One dkms.conf shipped by a Debian package under {@code /usr/src/<module>-<version>/}. */
    record PackageConf(String debPackage, String module, String version, Path conf) {
    }

    /** Where a kernel's {@code .config} came from; {@code config} is empty when nothing on this machine had it. */
    record KernelConfig(String kernel, Optional<Path> config, String origin) {
    }

    /** Output of an external command. */
    record Run(int code, String out, String err) {
    }

    private static final Pattern MODULE_VERSION = Pattern.compile("(.+?)-([0-9].*)");
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C");

    private DebianDkmsInputs() {
    }

    /**
     * Downloads each package on its own (one unknown name must not cost the others) and extracts it.
     *
     * @return the dkms.conf files of the packages that could be fetched, in the order of {@code names}
     */
    static List<PackageConf> download(List<String> names, Path dir) throws IOException, InterruptedException {
        Path debs = Files.createDirectories(dir.resolve("debs"));
        List<PackageConf> confs = new ArrayList<>();
        for (String name : names) {
            Optional<Path> deb = aptDownload(name, debs);
            if (deb.isEmpty()) {
                continue;
            }
            Path root = Files.createDirectories(dir.resolve("root").resolve(name));
            require(run(List.of("dpkg-deb", "-x", deb.get().toString(), root.toString()), dir, 120), "dpkg-deb -x");
            Path src = root.resolve("usr/src");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(src)) {
                for (Path d : dirs.sorted().toList()) {
                    var m = MODULE_VERSION.matcher(d.getFileName().toString());
                    if (Files.isRegularFile(d.resolve("dkms.conf")) && m.matches()) {
                        confs.add(new PackageConf(name, m.group(1), m.group(2), d.resolve("dkms.conf")));
                    }
                }
            }
        }
        return confs;
    }

    /** {@code apt-get download NAME} into {@code dir}; empty when apt cannot get it. */
    static Optional<Path> aptDownload(String name, Path dir) throws IOException, InterruptedException {
        Run r = run(List.of("apt-get", "download", "-q", name), dir, 300);
        if (r.code() != 0) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(name + "_")
                    && f.getFileName().toString().endsWith(".deb")).findFirst();
        }
    }

    /**
     * Puts {@code kernel}'s {@code .config} at {@code <installTree>/<kernel>/build/.config}, taking it from the
     * first source that has it: this host's {@code /lib/modules/<kernel>/build}, a kmodfarm builder image of
     * the kernel, its {@code linux-headers-<kernel>} package through this machine's apt sources.
     */
    static KernelConfig install(String kernel, Path installTree, Path scratch) throws IOException, InterruptedException {
        Path build = Files.createDirectories(installTree.resolve(kernel).resolve("build"));
        Path target = build.resolve(".config");
        Path host = Path.of("/lib/modules", kernel, "build", ".config");
        if (Files.isRegularFile(host)) {
            Files.copy(host, target);
            return new KernelConfig(kernel, Optional.of(target), host.toString());
        }
        Optional<String> image = builderImage(kernel, scratch);
        if (image.isPresent()) {
            Run cat = run(List.of("docker", "run", "--rm", "--network", "none", "--entrypoint", "cat", image.get(),
                    "/lib/modules/" + kernel + "/build/.config"), scratch, 300);
            if (cat.code() == 0 && cat.out().contains("CONFIG_")) {
                Files.writeString(target, cat.out());
                return new KernelConfig(kernel, Optional.of(target), "image " + image.get());
            }
        }
        Path debs = Files.createDirectories(scratch.resolve("headers-" + kernel));
        Optional<Path> deb = aptDownload("linux-headers-" + kernel, debs);
        if (deb.isPresent()) {
            Path root = debs.resolve("root");
            require(run(List.of("dpkg-deb", "-x", deb.get().toString(), root.toString()), scratch, 300), "dpkg-deb");
            Path config = root.resolve("usr/src/linux-headers-" + kernel + "/.config");
            if (Files.isRegularFile(config)) {
                Files.copy(config, target);
                return new KernelConfig(kernel, Optional.of(target), deb.get().getFileName().toString());
            }
        }
        return new KernelConfig(kernel, Optional.empty(), "none (no host headers, builder image or apt package)");
    }

    /** The newest local {@code kmodfarm/builder} image of {@code kernel} (tags: kernel with + as _, -hash). */
    private static Optional<String> builderImage(String kernel, Path cwd) throws InterruptedException {
        Run images;
        try {
            images = run(List.of("docker", "images", "kmodfarm/builder", "--format", "{{.Tag}}"), cwd, 60);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (images.code() != 0) {
            return Optional.empty();
        }
        Pattern tag = Pattern.compile(Pattern.quote(kernel.replace('+', '_')) + "-[0-9a-f]{12}");
        return images.out().lines().filter(t -> tag.matcher(t).matches()).findFirst()
                .map(t -> "kmodfarm/builder:" + t);
    }

    /** DKMS 3.2.2's {@code dkms.in}: from the cached upstream tarball, else from an unpacked source tree. */
    static Optional<Path> dkmsIn(Path repo, Path scratch) throws IOException, InterruptedException {
        Path tarball = repo.resolve("results/.kmodfarm/cache/dkms-upstream/dkms_3.2.2.orig.tar.gz");
        if (Files.isRegularFile(tarball)) {
            Path dir = Files.createDirectories(scratch.resolve("dkms-upstream"));
            Run r = run(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString(), "dkms-3.2.2/dkms.in"),
                    scratch, 60);
            if (r.code() == 0) {
                return Optional.of(dir.resolve("dkms-3.2.2/dkms.in"));
            }
        }
        Path unpacked = Path.of("/tmp/dkms-src/dkms-3.2.2/dkms.in");
        return Files.isRegularFile(unpacked) ? Optional.of(unpacked) : Optional.empty();
    }

    static boolean onPath(String command) {
        return Stream.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")
                .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    /** Runs {@code command} in {@code cwd} with a small fixed environment; stdin is empty. */
    static Run run(List<String> command, Path cwd, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("parity-", ".out");
        Path err = Files.createTempFile("parity-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().putAll(ENV);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(command + " did not finish within " + timeoutSeconds + " s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The bash environment both evaluators get, so neither sees the test JVM's. */
    static Map<String, String> environment() {
        return ENV;
    }

    private static void require(Run r, String what) throws IOException {
        if (r.code() != 0) {
            throw new IOException(what + " failed (exit " + r.code() + "): " + r.err());
        }
    }
}
