package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.model.CellOutcome;

/**
 * The farm's signing step on the real engine with the demo kernels' builder images: a key pair made here with
 * openssl, examples/hello built with signing configured. modinfo (the host's) shows the signer, the certificate's
 * serial and the kernel's hash on both kernels (6.12's module compressed after signing); result.json records the
 * signer; the key's bytes are in no file of the tree and in no output.
 */
class FarmSigningIT {
    @TempDir
    Path work;

    @Test
    void signsEveryBuiltModuleInItsOwnStepWithoutTheKeyLeaking() throws Exception {
        Path key = work.resolve("keys/signing.key");
        Path cert = work.resolve("keys/signing.der");
        Files.createDirectories(key.getParent());
        PackagingIT.Exec made = PackagingIT.exec(work, "openssl", "req", "-new", "-x509", "-nodes", "-days", "30",
                "-subj", "/CN=kmodfarm farm signing test", "-newkey", "rsa:2048", "-keyout", key.toString(),
                "-addext", "extendedKeyUsage=codeSigning", "-outform", "DER", "-out", cert.toString());
        assertEquals(0, made.exit(), made.output());
        // The signing container runs as uid 1000; the key stays 0600.
        Files.setAttribute(key, "unix:uid", 1000);
        String serial = PackagingIT.exec(work, "openssl", "x509", "-inform", "DER", "-in", cert.toString(),
                "-noout", "-serial").output().strip().replaceFirst("^serial=", "");

        RealCli built = RealCli.run(work, Map.of("KMODFARM_SIGNING_KEY", key.toString(), "KMODFARM_SIGNING_CERT",
                cert.toString()), "build", RealFarmIT.repo("examples/hello").toString(), "--matrix",
                RealFarmIT.repo("kernel-matrix/demo.yaml").toString());
        String output = built.output();
        assertEquals(0, built.code(), output);

        List<Path> records;
        try (Stream<Path> files = Files.walk(work.resolve("results/.kmodfarm/cells/kmodfarm-hello/0.1"))) {
            records = files.filter(p -> p.getFileName().toString().equals("result.json")).sorted().toList();
        }
        assertEquals(2, records.size(), output);
        for (Path r : records) {
            CellResult c = FarmTree.readJson(r, CellResult.class);
            assertEquals(CellOutcome.BUILT, c.outcome(), c.reason());
            assertTrue(c.signer().contains("signer=kmodfarm farm signing test"), c.signer());
            assertTrue(c.signer().contains("sig_hashalgo=sha256"), c.signer());
            Path ko;
            try (Stream<Path> files = Files.list(work.resolve("results").resolve(c.cell().path()).resolve("module"))) {
                ko = files.filter(p -> p.getFileName().toString().contains(".ko")).findFirst().orElseThrow();
            }
            assertEquals("kmodfarm farm signing test", modinfo("signer", ko));
            assertEquals("sha256", modinfo("sig_hashalgo", ko));
            assertEquals(serial.toUpperCase(), modinfo("sig_key", ko).replace(":", "").toUpperCase(), ko.toString());
            assertTrue(modinfo("vermagic", ko).startsWith(c.cell().kernel() + " "), ko.toString());
            if (c.cell().kernel().startsWith("6.12.")) {
                assertTrue(ko.toString().endsWith(".ko.xz"), "6.12 compresses, after signing: " + ko);
            }
        }
        assertNoKeyBytes(Files.readString(key), output);
    }

    private void assertNoKeyBytes(String pem, String output) throws Exception {
        List<String> secrets = new ArrayList<>();
        for (String line : pem.lines().toList()) {
            if (!line.startsWith("-----") && line.length() >= 40) {
                secrets.add(line);
            }
        }
        assertFalse(secrets.isEmpty());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(work.resolve("results"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() > 10, files.toString());
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String s : secrets) {
                assertFalse(text.contains(s), "the key is in " + f);
            }
        }
        for (String s : secrets) {
            assertFalse(output.contains(s), "the key is in the output");
        }
    }

    private static String modinfo(String field, Path ko) throws Exception {
        return PackagingIT.exec(ko.getParent(), "modinfo", "-F", field, ko.toString()).output().strip();
    }
}
