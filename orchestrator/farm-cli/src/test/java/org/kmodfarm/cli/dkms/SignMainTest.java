package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.testkit.TestFiles;

/**
 * The signing step's entry point without a container: a fake kernel whose config asks for sha512 and whose
 * headers hold a sign-file that appends what it was called with; xz is the real one. The compressed module
 * comes back signed inside the compression, i.e. signed before compressing.
 */
class SignMainTest {
    private static final String KERNEL = "6.12.95+deb12-amd64";

    @TempDir
    Path root;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @BeforeEach
    void fakeKernel() throws Exception {
        Path build = root.resolve("lib/modules/" + KERNEL + "/build");
        TestFiles.write(build.resolve(".config"), "CONFIG_MODULE_SIG=y\nCONFIG_MODULE_SIG_HASH=\"sha512\"\n");
        Path signFile = build.resolve("scripts/sign-file");
        TestFiles.write(signFile, "#!/bin/sh\nprintf ' signed:%s' \"$1\" >> \"$4\"\n");
        Files.setPosixFilePermissions(signFile, PosixFilePermissions.fromString("rwxr-xr-x"));
        TestFiles.write(root.resolve("keys/signing.key"), "not a real key");
        TestFiles.write(root.resolve("keys/signing.crt"), "not a real certificate");
    }

    private int sign() {
        Host host = new Host("5.10.0-1-host", "x86_64", false, Optional.of("debian"), "",
                Map.of("PATH", System.getenv("PATH")), root.toString(), "kmodfarm-sign");
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        return SignMain.run(new String[] {KERNEL, root.resolve("in").toString(), root.resolve("out").toString(),
            root.resolve("keys/signing.key").toString(), root.resolve("keys/signing.crt").toString()}, host,
                root.resolve("lib/modules"), root.resolve("work"), new CellCollector(List.of("echo", "modinfo-of"),
                        new LogCap(1024, 1024)), out, out);
    }

    private String exec(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        return output;
    }

    @Test
    void signsACompressedModuleBeforeItsCompressionWithTheKernelsHash() throws Exception {
        TestFiles.write(root.resolve("in/hello.ko"), "ELF");
        exec("xz", "--check=crc32", root.resolve("in/hello.ko").toString());
        assertEquals(0, sign(), stdout.toString(StandardCharsets.UTF_8));
        Path signed = root.resolve("out/module/hello.ko.xz");
        assertEquals("ELF signed:sha512", exec("xz", "-dc", signed.toString()));
        assertTrue(Files.readString(root.resolve("out/modinfo/hello.ko.xz.txt")).startsWith("modinfo-of "));
        String out = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Sign command: " + root.resolve("lib/modules/" + KERNEL + "/build/scripts/sign-file")),
                out);
        assertTrue(out.contains("1 module(s) signed with sha512"), out);
    }

    @Test
    void aKernelWithoutModuleSigningSignsNothing() throws Exception {
        TestFiles.write(root.resolve("lib/modules/" + KERNEL + "/build/.config"), "CONFIG_MODULES=y\n");
        TestFiles.write(root.resolve("in/hello.ko"), "ELF");
        assertEquals(3, sign());
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("built without module signing facility"));
    }
}
