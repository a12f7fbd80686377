package org.kmodfarm.dkms.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

/** DKMS 3.2.2's {@code prepare_signing} and {@code prepare_mok} (generic and Debian rules). */
class SigningTest {
    // Debian's sign-file would be /usr/lib/linux-kbuild-9.99/scripts/sign-file, which no machine has.
    private static final String KERNEL = "9.99.0-1-kmodfarmtest";
    private static final String HASH_CONFIG = "CONFIG_MODULE_SIG=y\nCONFIG_MODULE_SIG_HASH=\"sha512\"\n";
    private static final String OPENSSL_PROBE = "sh -c command -v openssl >/dev/null";

    @TempDir
    Path tmp;
    final FakeBuildIo io = new FakeBuildIo();
    final RecordingOutput out = new RecordingOutput();
    Path config;
    String installTree;
    String fallbackSignFile;
    String key;
    String cert;

    @BeforeEach
    void setUp() throws IOException {
        Path real = tmp.toRealPath();
        config = real.resolve("kbuild/.config");
        installTree = real.resolve("lib/modules").toString();
        fallbackSignFile = installTree + "/" + KERNEL + "/build/scripts/sign-file";
        key = real.resolve("mok/mok.key").toString();
        cert = real.resolve("mok/mok.pub").toString();
        TestFiles.mkdirs(real.resolve("mok"));
    }

    private Signing prepare(String signFile, String key, String cert, String distribution) throws IOException {
        return Signing.prepare(new Signing.Config(signFile, key, cert), config.toString(), distribution, KERNEL,
                installTree, io, Map.of(), out);
    }

    private Signing prepare(String distribution) throws IOException {
        return prepare("", key, cert, distribution);
    }

    private static void executable(String file) throws IOException {
        TestFiles.write(Path.of(file), "#!/bin/sh\n");
        Files.setPosixFilePermissions(Path.of(file), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void signFileKeyAndCert() throws IOException {
        TestFiles.write(config, HASH_CONFIG);
        executable(fallbackSignFile);
        TestFiles.write(Path.of(key), "key\n");
        TestFiles.write(Path.of(cert), "cert\n");
    }

    private String prologue(String signFile) {
        return "Sign command: " + signFile + "\nSigning key: " + key + "\nPublic certificate (MOK): " + cert + "\n";
    }

    @Test
    void withoutAKernelConfigNothingIsSigned() throws IOException {
        Signing s = prepare("debian");

        assertFalse(s.enabled());
        assertEquals("Kernel config " + config + " not found, modules won't be signed\n", out.all());
        assertEquals(List.of(), io.calls());
    }

    @Test
    void aConfigWithoutModuleSigHashMeansNoSigningFacility() throws IOException {
        TestFiles.write(config, "CONFIG_MODULES=y\n# CONFIG_MODULE_SIG_HASH is not set\n");

        assertFalse(prepare("debian").enabled());
        assertEquals("The kernel is built without module signing facility, modules won't be signed\n", out.all());
    }

    @Test
    void debianFallsBackToTheKernelsBuildTreeWhenLinuxKbuildHasNoSignFile() throws IOException {
        signFileKeyAndCert();

        Signing s = prepare("debian");

        assertEquals(new Signing(true, fallbackSignFile, "sha512", key, cert), s);
        assertEquals(prologue(fallbackSignFile), out.all());
        assertEquals(List.of(), io.calls(), "key and certificate exist: openssl is not needed");
    }

    @Test
    void otherDistributionsUseTheKernelsBuildTreeAndTheHashWithoutQuotes() throws IOException {
        signFileKeyAndCert();
        TestFiles.write(config, "CONFIG_MODULE_SIG_HASH=sha256\n");

        assertEquals(new Signing(true, fallbackSignFile, "sha256", key, cert), prepare("alpine"));
    }

    @Test
    void aConfiguredSignFileIsNeverReplacedByTheFallback() throws IOException {
        signFileKeyAndCert();
        String configured = tmp.resolve("nowhere/sign-file").toString();

        assertFalse(prepare(configured, key, cert, "debian").enabled());
        assertEquals("Sign command: " + configured + "\nBinary " + configured
                + " not found, modules won't be signed\n", out.all());
    }

    @Test
    void aSignFileThatIsNotExecutableIsNotFound() throws IOException {
        signFileKeyAndCert();
        Files.setPosixFilePermissions(Path.of(fallbackSignFile), PosixFilePermissions.fromString("rw-r--r--"));

        assertFalse(prepare("debian").enabled());
        assertEquals("Sign command: " + fallbackSignFile + "\nBinary " + fallbackSignFile
                + " not found, modules won't be signed\n", out.all());
    }

    @Test
    void unsetKeyAndCertificateDefaultToDkmsMokFiles() throws IOException {
        signFileKeyAndCert();
        io.on(OPENSSL_PROBE, 1, "");

        prepare("", "", "", "debian");

        assertTrue(out.all().startsWith("Sign command: " + fallbackSignFile
                + "\nSigning key: /var/lib/dkms/mok.key\nPublic certificate (MOK): /var/lib/dkms/mok.pub\n"),
                out.all());
    }

    @Test
    void aMissingKeyIsGeneratedWithOpensslAsDkmsDoes() throws IOException {
        signFileKeyAndCert();
        Files.delete(Path.of(key));
        io.on("openssl ", 0, "", (argv, cwd) -> {
            TestFiles.write(Path.of(key), "new key\n");
            TestFiles.write(Path.of(cert), "new cert\n");
        });

        Signing s = prepare("debian");

        assertTrue(s.enabled());
        assertEquals(prologue(fallbackSignFile)
                + "Certificate or key are missing, generating self signed certificate for MOK...\n", out.all());
        assertEquals(List.of(OPENSSL_PROBE, "openssl req -new -x509 -nodes -days 36500 -subj "
                + "/CN=DKMS module signing key -newkey rsa:2048 -keyout " + key
                + " -addext extendedKeyUsage=codeSigning -outform DER -out " + cert), io.lines());
        assertEquals(List.of("openssl", "req", "-new", "-x509", "-nodes", "-days", "36500", "-subj",
                "/CN=DKMS module signing key", "-newkey", "rsa:2048", "-keyout", key, "-addext",
                "extendedKeyUsage=codeSigning", "-outform", "DER", "-out", cert), io.only("openssl ").argv());
    }

    @Test
    void aMissingCertificateAloneAlsoRegeneratesThePair() throws IOException {
        signFileKeyAndCert();
        Files.delete(Path.of(cert));

        prepare("debian");

        assertEquals(1, io.lines().stream().filter(l -> l.startsWith("openssl ")).count());
    }

    @Test
    void withoutOpensslNothingIsGeneratedOrSigned() throws IOException {
        signFileKeyAndCert();
        Files.delete(Path.of(key));
        io.on(OPENSSL_PROBE, 1, "");

        assertFalse(prepare("debian").enabled());
        assertEquals(prologue(fallbackSignFile)
                + "Certificate or key are missing, generating self signed certificate for MOK...\n"
                + "openssl not found, can't generate key and certificate.\n", out.all());
        assertEquals(List.of(OPENSSL_PROBE), io.lines());
    }

    @Test
    void anOpensslThatWritesNoKeyMeansNoSigning() throws IOException {
        signFileKeyAndCert();
        Files.delete(Path.of(key));

        assertFalse(prepare("debian").enabled());
        assertTrue(out.all().endsWith("generating self signed certificate for MOK...\n"
                + "Key file " + key + " not found and can't be generated, modules won't be signed\n"), out.all());
    }

    @Test
    void anOpensslThatWritesNoCertificateMeansNoSigning() throws IOException {
        signFileKeyAndCert();
        Files.delete(Path.of(key));
        Files.delete(Path.of(cert));
        io.on("openssl ", 0, "", (argv, cwd) -> TestFiles.write(Path.of(key), "new key\n"));

        assertFalse(prepare("debian").enabled());
        assertTrue(out.all().endsWith("generating self signed certificate for MOK...\n"
                + "Certificate file " + cert + " not found and can't be generated, modules won't be signed\n"),
                out.all());
    }

    @Test
    void aPkcs11KeyIsUsedAsIsWithAnExistingCertificate() throws IOException {
        signFileKeyAndCert();
        String uri = "pkcs11:token=dkms;object=mok";

        Signing s = prepare("", uri, cert, "debian");

        assertEquals(new Signing(true, fallbackSignFile, "sha512", uri, cert), s);
        assertEquals(List.of(), io.calls());
    }

    @Test
    void aPkcs11KeyWithoutCertificateGeneratesNothingAndSignsNothing() throws IOException {
        signFileKeyAndCert();
        Files.delete(Path.of(cert));
        String uri = "pkcs11:token=dkms";

        assertFalse(prepare("", uri, cert, "debian").enabled());
        assertEquals("Sign command: " + fallbackSignFile + "\nSigning key: " + uri + "\nPublic certificate (MOK): "
                + cert + "\nCertificate file " + cert + " not found and can't be generated, modules won't be signed\n",
                out.all());
        assertEquals(List.of(), io.calls());
    }

    @Test
    void generateMokNamesAnExistingPairWithoutOpenssl() throws IOException {
        TestFiles.write(Path.of(key), "key\n");
        TestFiles.write(Path.of(cert), "cert\n");

        assertEquals(Optional.of(new Signing.Mok(key, cert)),
                Signing.prepareMok(new Signing.Config("", key, cert), io, Map.of(), out));
        assertEquals("Signing key: " + key + "\nPublic certificate (MOK): " + cert + "\n", out.all());
        assertEquals(List.of(), io.calls());
    }

    @Test
    void generateMokMakesAMissingPairAndNamesIt() throws IOException {
        io.on("openssl ", 0, "", (argv, cwd) -> {
            TestFiles.write(Path.of(key), "new key\n");
            TestFiles.write(Path.of(cert), "new cert\n");
        });

        assertEquals(Optional.of(new Signing.Mok(key, cert)),
                Signing.prepareMok(new Signing.Config("", key, cert), io, Map.of(), out));
        assertEquals("Signing key: " + key + "\nPublic certificate (MOK): " + cert + "\n"
                + "Certificate or key are missing, generating self signed certificate for MOK...\n", out.all());
    }
}
