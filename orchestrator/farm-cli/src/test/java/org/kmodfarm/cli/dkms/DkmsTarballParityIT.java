package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.dkms.tree.AtomicFs;
import org.kmodfarm.dkms.tree.DkmsTarball;

/**
 * mktarball, ldtarball and match against DKMS 3.2.2 itself: its {@code dkms.in} (from the upstream tarball
 * {@code scripts/dkms-upstream-tests} caches) and kmodfarm's {@code dkms} run the same command on two copies of
 * the same tree; the merged output, the exit code and the tree afterwards must be equal. The tree holds
 * {@code examples/hello} built for real (by kmodfarm) for two installed kernels. Where kmodfarm fixes a 3.2.2
 * bug on purpose (multi-kernel ldtarball, match's status parsing) the test states kmodfarm's output instead.
 *
 * <p>Private trees and {@code sign_file} pointing nowhere, as in {@link DkmsTarballRoundTripIT}. Skipped without
 * the cached upstream tarball (run {@code scripts/dkms-upstream-tests} once), root or two kernels' headers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DkmsTarballParityIT {
    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Path UPSTREAM = REPO.resolve("results/.kmodfarm/cache/dkms-upstream/dkms_3.2.2.orig.tar.gz");
    private static final String M = "kmodfarm-hello/0.1";

    Path tmp;
    Path base;
    Path reference;
    Path tarballs;
    String k1;
    String k2;
    String arch;

    record Outcome(String output, int code, List<String> tree) {
    }

    @FunctionalInterface
    interface Setup {
        void prepare(Path root) throws IOException;
    }

    @BeforeAll
    void setUp(@TempDir Path dir) throws Exception {
        tmp = dir;
        assumeTrue(Files.isRegularFile(UPSTREAM), "DKMS 3.2.2's source is not cached at " + UPSTREAM
                + " (scripts/dkms-upstream-tests fetches it)");
        Host host = Host.detect("dkms");
        assumeTrue(host.root(), "DKMS's ldtarball and match need root");
        List<String> kernels;
        try (Stream<Path> list = Files.list(Path.of("/lib/modules"))) {
            kernels = list.filter(k -> Files.isDirectory(k.resolve("build/include")))
                    .map(k -> k.getFileName().toString()).sorted().toList();
        }
        assumeTrue(kernels.size() >= 2, "two kernels' headers are needed under /lib/modules/*/build");
        k1 = kernels.get(0);
        k2 = kernels.get(1);
        arch = host.machine();
        Path source = Files.createDirectories(tmp.resolve("upstream"));
        DkmsTarball.extract(UPSTREAM, source);
        reference = tmp.resolve("dkms-3.2.2");
        Files.writeString(reference, Files.readString(source.resolve("dkms-3.2.2/dkms.in"))
                .replace("@MODDIR@", "/lib/modules").replace("@RELEASE_STRING@", "dkms-3.2.2"));
        Files.setPosixFilePermissions(reference, PosixFilePermissions.fromString("rwxr-xr-x"));

        base = trees("base");
        assertEquals(0, ours(base, "add", REPO.resolve("examples/hello").toString()).code());
        assertEquals(0, ours(base, "build", M, "-k", k1, "-k", k2).code());
        tarballs = Files.createDirectories(tmp.resolve("tarballs"));
        for (List<String> args : List.of(List.of("-k", k1, "-k", k2, "--archive", tarballs + "/two.tar.gz"),
                List.of("-k", k1, "--archive", tarballs + "/one.tar.gz"),
                List.of("-k", k1, "--binaries-only", "--archive", tarballs + "/bin.tar.gz"),
                List.of("--source-only", "--archive", tarballs + "/src.tar.gz"))) {
            List<String> all = new ArrayList<>(List.of("mktarball", M));
            all.addAll(args);
            assertEquals(0, real(base, all.toArray(String[]::new)).code());
        }
        AtomicFs.deleteTree(base.resolve("dkms/kmodfarm-hello/0.1/tarball"));
    }

    private Path trees(String name) throws IOException {
        Path root = tmp.resolve(name);
        Files.createDirectories(root.resolve("dkms"));
        Files.createDirectories(root.resolve("src"));
        for (String k : List.of(k1, k2)) {
            Files.createDirectories(root.resolve("modules/" + k));
            Files.createSymbolicLink(root.resolve("modules/" + k + "/build"), Path.of("/lib/modules", k, "build"));
        }
        return root;
    }

    private static List<String> treeOptions(Path root) {
        return List.of("--dkmstree", root + "/dkms", "--sourcetree", root + "/src", "--installtree",
                root + "/modules");
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        List.of("CC", "CXX", "CFLAGS", "CXXFLAGS", "LDFLAGS").forEach(env::remove);
        env.put("sign_file", "/nonexistent/sign-file");
        return env;
    }

    private DkmsTarballRoundTripIT.Result real(Path root, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(reference.toString()));
        command.addAll(List.of(args));
        command.addAll(treeOptions(root));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(environment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("DKMS 3.2.2 timed out: " + String.join(" ", args));
        }
        return new DkmsTarballRoundTripIT.Result(p.exitValue(), out);
    }

    private static DkmsTarballRoundTripIT.Result ours(Path root, String... args) {
        Host detected = Host.detect("dkms");
        Host host = new Host(detected.kernelRelease(), detected.machine(), detected.root(),
                detected.runningDistribution(), detected.addonModulesDir(), environment(), root.toString(), "dkms");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(treeOptions(root));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new DkmsCommand(host, DkmsProfile.HOST, new Console(both, both)).run(all.toArray(String[]::new));
        return new DkmsTarballRoundTripIT.Result(code, bytes.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code args} on a fresh copy of the base tree, after {@code setup}. */
    private Outcome run(boolean reference, String name, Setup setup, String... args) throws Exception {
        Path root = tmp.resolve(name + (reference ? "-dkms" : "-kmodfarm"));
        copy(base, root);
        setup.prepare(root);
        String[] expanded = Stream.of(args).map(a -> a.replace("ROOT", root.toString())).toArray(String[]::new);
        DkmsTarballRoundTripIT.Result r = reference ? real(root, expanded) : ours(root, expanded);
        List<String> tree = new ArrayList<>();
        for (String top : List.of("dkms", "src", "out")) {
            if (Files.exists(root.resolve(top))) {
                try (Stream<Path> walk = Files.walk(root.resolve(top))) {
                    walk.map(p -> root.relativize(p).toString()).filter(p -> !p.contains(".kmodfarm")).sorted()
                            .forEach(tree::add);
                }
            }
        }
        return new Outcome(r.output().replace(root.toString(), "ROOT"), r.code(), tree);
    }

    private void same(String name, Setup setup, String... args) throws Exception {
        assertEquals(run(true, name, setup, args), run(false, name, setup, args), name);
    }

    private static final Setup NOTHING = root -> {
    };
    private static final Setup EMPTY = root -> {
        for (String top : List.of("dkms", "src")) {
            AtomicFs.deleteTree(root.resolve(top));
            Files.createDirectories(root.resolve(top));
        }
    };

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void mktarballAsDkms322() throws Exception {
        same("mk-default", NOTHING, "mktarball", M, "-k", k1);
        same("mk-two", NOTHING, "mktarball", M, "-k", k1, "-k", k2);
        same("mk-all", NOTHING, "mktarball", M, "--all");
        same("mk-bin", NOTHING, "mktarball", M, "-k", k1, "--binaries-only");
        same("mk-src", NOTHING, "mktarball", M, "--source-only", "--archive", "out/s.tar");
        same("mk-not-built", NOTHING, "mktarball", M, "-k", "6.1.0-0-none");
        same("mk-not-added", NOTHING, "mktarball", "nope/1", "-k", k1);
        same("mk-no-args", NOTHING, "mktarball", "-k", k1);
        same("mk-both", NOTHING, "mktarball", M, "--binaries-only", "--source-only");
        same("mk-unwritable", root -> Files.writeString(root.resolve("file"), ""), "mktarball", M, "-k", k1,
                "--archive", "file/sub/x.tgz");
        same("mk-dir", root -> Files.createDirectories(root.resolve("out")), "mktarball", M, "-k", k1, "--archive",
                "out/");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void ldtarballAsDkms322() throws Exception {
        same("ld-one", EMPTY, "ldtarball", tarballs + "/one.tar.gz");
        same("ld-added", NOTHING, "ldtarball", "--archive", tarballs + "/one.tar.gz");
        same("ld-added-force", NOTHING, "ldtarball", "--archive", tarballs + "/one.tar.gz", "--force");
        same("ld-bin", EMPTY, "ldtarball", tarballs + "/bin.tar.gz");
        same("ld-bin-source", root -> AtomicFs.deleteTree(root.resolve("dkms/kmodfarm-hello")), "ldtarball",
                tarballs + "/bin.tar.gz");
        same("ld-src", EMPTY, "ldtarball", tarballs + "/src.tar.gz");
        same("ld-built-exists", root -> {
            AtomicFs.deleteTree(root.resolve("src/kmodfarm-hello-0.1"));
            Files.delete(root.resolve("dkms/kmodfarm-hello/0.1/source"));
        }, "ldtarball", tarballs + "/one.tar.gz");
        same("ld-missing", EMPTY, "ldtarball", "--archive", "/nonexistent.tar.gz");
        same("add-tarball", EMPTY, "add", tarballs + "/one.tar.gz");
        same("add-binaries", EMPTY, "add", tarballs + "/bin.tar.gz");
        // DKMS 3.2.2 loads only the first kernel of two (local -r in a loop); kmodfarm loads both.
        Outcome two = run(false, "ld-two", EMPTY, "ldtarball", tarballs + "/two.tar.gz");
        String v = "ROOT/dkms/kmodfarm-hello/0.1/";
        assertEquals("\nLoading tarball for " + M + "\nLoading " + v + k1 + "/" + arch + "...\nLoading " + v + k2 + "/"
                + arch + "...\nCreating symlink " + v + "source -> ROOT/src/kmodfarm-hello-0.1\n", two.output());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void matchAsDkms322() throws Exception {
        same("m-nothing", NOTHING, "match", "--templatekernel", k1, "-k", k2);
        same("m-no-template", NOTHING, "match", "-k", k2);
        same("m-same", NOTHING, "match", "--templatekernel", k1, "-k", k1);
        same("m-multi", NOTHING, "match", "--templatekernel", k1, "-k", k2, "-k", "6.1.0-0-none");
        same("m-all", NOTHING, "match", "--templatekernel", k1, "--all");
        same("m-no-module", NOTHING, "match", "--templatekernel", k1, "-k", k2, "nope");
        Setup installedOnK1 = root -> Files.createSymbolicLink(root.resolve("dkms/kmodfarm-hello/kernel-" + k1 + "-"
                + arch), Path.of("0.1", k1, arch));
        same("m-no-headers", installedOnK1, "match", "--templatekernel", k1, "-k", "6.1.0-0-none");
        // DKMS 3.2.2 reads "m/v" and the kernel as module and version and fails; kmodfarm installs.
        Outcome matched = run(false, "m-installed", installedOnK1, "match", "--templatekernel", k1, "-k", k2);
        assertEquals("\nMatching modules in kernel: " + k2 + " (" + arch + ")\nto the configuration of kernel: " + k1
                + " (" + arch + ")\nModule:  kmodfarm-hello\nVersion: 0.1\nModule " + M + " already built for kernel "
                + k2 + " (" + arch + "), skip. You may override by specifying --force.\nInstalling ROOT/modules/" + k2
                + "/updates/dkms/kmodfarm_hello.ko\nRunning depmod... done.\n", matched.output());
        assertEquals(0, matched.code());
        assertTrue(matched.tree().contains("dkms/kmodfarm-hello/kernel-" + k2 + "-" + arch), matched.tree().toString());
    }

    /** {@code cp -a}, with links into {@code from} pointed into {@code to}. */
    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isSymbolicLink(file)) {
                    Path link = Files.readSymbolicLink(file);
                    Files.createSymbolicLink(target, link.startsWith(from) ? to.resolve(from.relativize(link)) : link);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
