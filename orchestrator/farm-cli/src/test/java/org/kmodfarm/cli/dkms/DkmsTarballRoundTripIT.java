package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.dkms.tree.DkmsTarball;

/**
 * Tarballs between kmodfarm's {@code dkms} and the real DKMS installed on this machine (Debian bookworm's
 * {@code /usr/sbin/dkms}, 3.0.10), both ways, with {@code examples/hello} built for real against an installed
 * kernel's headers. Every run of either uses private {@code --dkmstree/--sourcetree/--installtree} directories
 * (the install tree holds only a {@code build} link to the real headers) and {@code sign_file} pointing
 * nowhere, so that neither touches {@code /var/lib/dkms}, {@code /usr/src} or {@code /lib/modules}.
 *
 * <p>A: DKMS builds and packs, kmodfarm loads and shows it built. B: kmodfarm builds and packs, DKMS loads and
 * shows it built. Skipped (with the reason) without {@code /usr/sbin/dkms}, root (DKMS's ldtarball needs it)
 * or kernel headers. About 20 s.
 */
class DkmsTarballRoundTripIT {
    private static final Path REAL_DKMS = Path.of("/usr/sbin/dkms");
    private static final Path HELLO = Path.of("../../examples/hello").toAbsolutePath().normalize();
    private static final String MODULE = "kmodfarm-hello/0.1";
    // sign_file is not reset by DKMS and framework.conf leaves it unset: no key is looked for or made.
    private static final String NO_SIGNING = "/nonexistent/sign-file";

    @TempDir
    Path tmp;
    String kernel;
    String arch;

    record Result(int code, String output) {
    }

    /** A private set of DKMS trees. */
    record Trees(Path root) {
        List<String> options() {
            return List.of("--dkmstree", root + "/dkms", "--sourcetree", root + "/src", "--installtree",
                    root + "/modules");
        }
    }

    @BeforeEach
    void requirements() throws IOException {
        assumeTrue(Files.isExecutable(REAL_DKMS), "no real DKMS at " + REAL_DKMS + " (apt-get install dkms)");
        Host host = Host.detect("dkms");
        assumeTrue(host.root(), "DKMS's ldtarball needs root");
        try (Stream<Path> kernels = Files.list(Path.of("/lib/modules"))) {
            Optional<Path> withHeaders = kernels.filter(k -> Files.isDirectory(k.resolve("build/include"))).sorted()
                    .findFirst();
            assumeTrue(withHeaders.isPresent(), "no kernel headers under /lib/modules/*/build");
            kernel = withHeaders.get().getFileName().toString();
        }
        arch = host.machine();
    }

    private Trees trees(String name) throws IOException {
        Path root = tmp.resolve(name);
        Files.createDirectories(root.resolve("dkms"));
        Files.createDirectories(root.resolve("src"));
        Files.createDirectories(root.resolve("modules/" + kernel));
        Files.createSymbolicLink(root.resolve("modules/" + kernel + "/build"), Path.of("/lib/modules", kernel, "build"));
        return new Trees(root);
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        List.of("CC", "CXX", "CFLAGS", "CXXFLAGS", "LDFLAGS").forEach(env::remove);
        env.put("sign_file", NO_SIGNING);
        return env;
    }

    private Result real(Trees trees, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(REAL_DKMS.toString());
        command.addAll(List.of(args));
        command.addAll(trees.options());
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(environment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("real dkms " + String.join(" ", args) + " timed out:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    private Result kmodfarm(Trees trees, String... args) {
        Host detected = Host.detect("dkms");
        Host host = new Host(detected.kernelRelease(), detected.machine(), detected.root(),
                detected.runningDistribution(), detected.addonModulesDir(), environment(), tmp.toString(), "dkms");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(trees.options());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new DkmsCommand(host, DkmsProfile.HOST, new Console(both, both)).run(all.toArray(String[]::new));
        return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private static void ok(Result r) {
        assertEquals(0, r.code(), r.output());
    }

    private String builtLine() {
        return MODULE + ", " + kernel + ", " + arch + ": built";
    }

    private List<String> entries(Path archive) throws IOException {
        return DkmsTarball.extract(archive, Files.createTempDirectory(tmp, "list"));
    }

    /** What both implementations put in a default tarball of examples/hello. */
    private void assertDkmsLayout(Path archive) throws IOException {
        List<String> names = entries(archive);
        String k = "dkms_main_tree/" + kernel + "/" + arch;
        assertTrue(names.containsAll(List.of(k + "/module/kmodfarm_hello.ko", k + "/log/make.log",
                "dkms_source_tree/dkms.conf", "dkms_source_tree/Makefile", "dkms_source_tree/hello.c")),
                names.toString());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void realDkmsPacksAndKmodfarmLoads() throws Exception {
        Trees dkms = trees("real");
        ok(real(dkms, "add", HELLO.toString()));
        ok(real(dkms, "build", MODULE, "-k", kernel));
        Path archive = tmp.resolve("from-dkms.dkms.tar.gz");
        Result packed = real(dkms, "mktarball", MODULE, "-k", kernel, "--archive", archive.toString());
        ok(packed);
        assertTrue(packed.output().endsWith("Tarball location: " + tmp + "/from-dkms.dkms.tar.gz\n"), packed.output());
        assertDkmsLayout(archive);

        Trees ours = trees("kmodfarm");
        Result loaded = kmodfarm(ours, "ldtarball", archive.toString());
        String v = ours.root() + "/dkms/kmodfarm-hello/0.1";
        assertEquals(new Result(0, "\nLoading tarball for " + MODULE + "\nLoading " + v + "/" + kernel + "/" + arch
                + "...\nCreating symlink " + v + "/source -> " + ours.root() + "/src/kmodfarm-hello-0.1\n"), loaded);
        assertEquals(builtLine() + "\n", kmodfarm(ours, "status").output());
        assertTrue(Files.size(Path.of(v, kernel, arch, "module/kmodfarm_hello.ko")) > 0);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void kmodfarmPacksAndRealDkmsLoads() throws Exception {
        Trees ours = trees("kmodfarm");
        ok(kmodfarm(ours, "add", HELLO.toString()));
        ok(kmodfarm(ours, "build", MODULE, "-k", kernel));
        Path archive = tmp.resolve("from-kmodfarm.dkms.tar.gz");
        ok(kmodfarm(ours, "mktarball", MODULE, "-k", kernel, "--archive", archive.toString()));
        assertDkmsLayout(archive);
        Result listed = run("tar", "-tzf", archive.toString());
        ok(listed);
        assertTrue(listed.output().startsWith("./\n./dkms_main_tree/\n"), listed.output());

        Trees dkms = trees("real");
        Result loaded = real(dkms, "ldtarball", archive.toString());
        ok(loaded);
        // DKMS 3.0.10 still names the module m-v here (3.2.2: m/v).
        assertTrue(loaded.output().contains("Loading tarball for kmodfarm-hello-0.1\nLoading " + dkms.root()
                + "/dkms/kmodfarm-hello/0.1/" + kernel + "/" + arch + "..."), loaded.output());
        Result status = real(dkms, "status");
        ok(status);
        assertEquals(builtLine() + "\n", status.output());
    }

    private Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        return new Result(p.exitValue(), out);
    }
}
