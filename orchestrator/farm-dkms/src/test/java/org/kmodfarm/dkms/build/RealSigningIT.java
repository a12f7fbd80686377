package org.kmodfarm.dkms.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.dkms.BuildExclusive;
import org.kmodfarm.dkms.ModuleSpec;
import org.kmodfarm.testkit.TestFiles;

/**
 * Signing with the real tools, as {@code bin/dkms} does on a Debian host: {@code generate_mok}'s openssl call
 * makes a key pair, the kernel's own {@code sign-file} (Debian's {@code /usr/lib/linux-kbuild-6.1}) signs
 * {@code examples/hello} built against the host's 6.1 headers with {@code CONFIG_MODULE_SIG_HASH}, before
 * xz compression, and the host's {@code modinfo} reads signer, hash and key serial back from the {@code .ko.xz}.
 *
 * <p>Needs what {@code scripts/setup-dkms-reference} installs: a bookworm {@code linux-headers-6.1.0-*-amd64}
 * (with {@code linux-kbuild-6.1}), gcc, make, openssl, xz and kmod. A missing one fails the test, naming it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealSigningIT {
    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");

    @TempDir
    Path tmp;
    final LocalBuildIo io = new LocalBuildIo();
    String kernel;

    @BeforeAll
    void findHeaders() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("/lib/modules"))) {
            kernel = dirs.map(p -> p.getFileName().toString()).filter(k -> k.matches("6\\.1\\.0-\\d+-amd64"))
                    .filter(k -> Files.isRegularFile(Path.of("/lib/modules", k, "build/.config"))).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no linux-headers-6.1.0-*-amd64 "
                            + "under /lib/modules; run scripts/setup-dkms-reference"));
        }
    }

    private BuildIo.Result run(Path cwd, String... argv) throws IOException {
        return io.exec(List.of(argv), cwd, ENV);
    }

    @Test
    void generatedKeySignsABuiltModuleBeforeCompressionWithTheKernelsHash() throws IOException {
        RecordingOutput out = new RecordingOutput();
        Path keys = tmp.resolve("mok");
        Files.createDirectories(keys);
        Signing.Config config = new Signing.Config("", keys.resolve("mok.key").toString(),
                keys.resolve("mok.pub").toString());
        Optional<Signing.Mok> mok = Signing.prepareMok(config, io, ENV, out);
        assertTrue(mok.isPresent(), out.all());
        BuildIo.Result subject = run(tmp, "openssl", "x509", "-inform", "DER", "-in", mok.get().cert(), "-noout",
                "-subject", "-ext", "extendedKeyUsage");
        assertTrue(subject.output().contains("CN = DKMS module signing key"), subject.output());
        assertTrue(subject.output().contains("Code Signing"), subject.output());

        // A kernel config that asks for another hash than the kernel's own sha256: the config decides.
        Path kconfig = tmp.resolve("kconfig");
        TestFiles.write(kconfig, "CONFIG_MODULE_SIG=y\nCONFIG_MODULE_SIG_HASH=\"sha512\"\n");
        RecordingOutput prologue = new RecordingOutput();
        Signing signing = Signing.prepare(config, kconfig.toString(), "debian", kernel, "/lib/modules", io, ENV,
                prologue);
        assertEquals(new Signing(true, "/usr/lib/linux-kbuild-6.1/scripts/sign-file", "sha512",
                mok.get().key(), mok.get().cert()), signing, prologue.all());

        Path build = tmp.resolve("build");
        for (String f : List.of("Makefile", "hello.c")) {
            TestFiles.write(build.resolve(f), Files.readString(REPO.resolve("examples/hello").resolve(f)));
        }
        BuildIo.Result made = run(build, "make", "-C", "/lib/modules/" + kernel + "/build", "M=" + build, "modules");
        assertEquals(0, made.exitCode(), made.output());

        Path moduleDir = Files.createDirectories(tmp.resolve("module"));
        ModuleSpec hello = new ModuleSpec(0, "kmodfarm_hello", "", "kmodfarm_hello", "/updates/dkms",
                "/updates/dkms", true, new BuildExclusive("", "", "", "", ""));
        RecordingOutput finished = new RecordingOutput();
        new ModuleFinisher(io, finished, signing, new ModuleSuffix(".xz"), ENV).finish(List.of(hello), build,
                moduleDir);
        assertEquals("Signing module " + build.resolve("kmodfarm_hello.ko") + "\n", finished.all());

        String ko = moduleDir.resolve("kmodfarm_hello.ko.xz").toString();
        assertEquals("DKMS module signing key", field(ko, "signer"));
        assertEquals("sha512", field(ko, "sig_hashalgo"));
        String serial = run(tmp, "openssl", "x509", "-inform", "DER", "-in", mok.get().cert(), "-noout", "-serial")
                .output().strip().replaceFirst("^serial=", "");
        assertEquals(serial.replaceFirst("^0+", ""), field(ko, "sig_key").replace(":", "").replaceFirst("^0+", ""));
    }

    private String field(String ko, String name) throws IOException {
        BuildIo.Result r = run(tmp, "modinfo", "-F", name, ko);
        assertEquals(0, r.exitCode(), r.output());
        return r.output().strip();
    }
}
