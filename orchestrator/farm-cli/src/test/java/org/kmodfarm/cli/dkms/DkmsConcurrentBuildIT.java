package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dkms} as separate processes (the shaded jar's {@link DkmsMain}, what {@code bin/dkms} runs) on one
 * private tree: two concurrent builds both succeed and leave a consistent tree, because the tree lock
 * serialises them; and an unprivileged user builds into a private tree it owns. Needs one kernel's headers
 * under {@code /lib/modules/<kernel>/build} and the jar (failsafe runs after {@code package}); the second test
 * also needs root (to become {@code nobody} with {@code setpriv}).
 */
class DkmsConcurrentBuildIT {
    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Path JAR = REPO.resolve("orchestrator/farm-cli/target/kmodfarm.jar");

    @TempDir
    Path tmp;
    String kernel;
    Path jar;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Files.isRegularFile(JAR), "the shaded jar is not built: " + JAR);
        try (Stream<Path> list = Files.list(Path.of("/lib/modules"))) {
            kernel = list.filter(k -> Files.isDirectory(k.resolve("build/include")))
                    .map(k -> k.getFileName().toString()).sorted().findFirst().orElse(null);
        }
        assumeTrue(kernel != null, "no kernel headers under /lib/modules/*/build");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = Files.copy(JAR, tmp.resolve("kmodfarm.jar"));
    }

    @Test
    void twoConcurrentBuildsOnOneTreeBothSucceed() throws Exception {
        Path root = trees("shared");
        for (String version : List.of("0.1", "0.2")) {
            assertEquals(0, dkms(List.of(), root, "add", source(root, version).toString()).code());
        }
        Process first = start(List.of(), root, "build", "kmodfarm-hello/0.1", "-k", kernel);
        Process second = start(List.of(), root, "build", "kmodfarm-hello/0.2", "-k", kernel);
        Result a = finish(first);
        Result b = finish(second);
        assertEquals(0, a.code(), a.output());
        assertEquals(0, b.code(), b.output());
        String status = dkms(List.of(), root, "status").output();
        for (String version : List.of("0.1", "0.2")) {
            assertTrue(status.contains("kmodfarm-hello/" + version + ", " + kernel), status);
            Path module = root.resolve("dkms/kmodfarm-hello/" + version + "/" + kernel);
            try (Stream<Path> walk = Files.walk(module)) {
                assertTrue(walk.anyMatch(p -> p.getFileName().toString().startsWith("kmodfarm_hello.ko")),
                        "no built module under " + module);
            }
            assertTrue(Files.readString(module.resolve(arch(module)).resolve("log/make.log"))
                    .contains("kmodfarm-hello/" + version), "make.log of " + version);
        }
    }

    @Test
    void anUnprivilegedUserBuildsIntoATreeItOwns() throws Exception {
        assumeTrue("0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim()), "becoming nobody needs root");
        List<String> nobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--");
        Path root = trees("private");
        // Adding from a folder needs root in DKMS 3.2.2 too (add_source_tree: check_root); a source already in
        // the private source tree is added with -m/-v, which only needs write access to the DKMS tree.
        Files.move(source(root, "0.1"), root.resolve("src/kmodfarm-hello-0.1"));
        run(List.of("chown", "-R", "65534:65534", root.toString()));
        Result add = dkms(nobody, root, "add", "-m", "kmodfarm-hello", "-v", "0.1");
        assertEquals(0, add.code(), add.output());
        Result build = dkms(nobody, root, "build", "kmodfarm-hello/0.1", "-k", kernel);
        assertEquals(0, build.code(), build.output());
        Path built = root.resolve("dkms/kmodfarm-hello/0.1/" + kernel);
        try (Stream<Path> walk = Files.walk(built)) {
            assertTrue(walk.allMatch(p -> owner(p) == 65534), "files not owned by nobody under " + built);
        }
    }

    private static int owner(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path arch(Path kernelDir) throws IOException {
        try (Stream<Path> list = Files.list(kernelDir)) {
            return list.filter(Files::isDirectory).findFirst().orElseThrow().getFileName();
        }
    }

    private Path trees(String name) throws IOException {
        Path root = Files.createDirectories(tmp.resolve(name));
        Files.createDirectories(root.resolve("dkms"));
        Files.createDirectories(root.resolve("src"));
        Files.createDirectories(root.resolve("modules/" + kernel));
        Files.createSymbolicLink(root.resolve("modules/" + kernel + "/build"), Path.of("/lib/modules", kernel, "build"));
        return root;
    }

    /** examples/hello as version {@code version}, in its own folder. */
    private static Path source(Path root, String version) throws IOException {
        Path dir = Files.createDirectories(root.resolve("hello-" + version));
        for (String f : List.of("Makefile", "hello.c", "dkms.conf")) {
            String text = Files.readString(REPO.resolve("examples/hello").resolve(f));
            Files.writeString(dir.resolve(f), f.equals("dkms.conf")
                    ? text.replace("PACKAGE_VERSION=\"0.1\"", "PACKAGE_VERSION=\"" + version + "\"") : text);
        }
        return dir;
    }

    record Result(int code, String output) {
    }

    private Process start(List<String> prefix, Path root, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("java", "-cp", jar.toString(), "-Ddkms.argv0=dkms", "org.kmodfarm.cli.dkms.DkmsMain"));
        command.addAll(List.of(args));
        command.addAll(List.of("--dkmstree", root + "/dkms", "--sourcetree", root + "/src", "--installtree",
                root + "/modules"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("sign_file", "/nonexistent/sign-file");
        pb.environment().put("HOME", root.toString());
        List.of("CC", "CXX", "CFLAGS", "CXXFLAGS", "LDFLAGS").forEach(pb.environment()::remove);
        return pb.start();
    }

    private static Result finish(Process p) throws IOException, InterruptedException {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("dkms timed out: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    private Result dkms(List<String> prefix, Path root, String... args) throws IOException, InterruptedException {
        return finish(start(prefix, root, args));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), command + ": " + out);
    }
}
