package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.cli.PackagingIT.Exec;

/**
 * Signed RPMs (--sign-key) checked by the real tools: a throwaway RSA key made in a private GNUPGHOME, its public
 * half imported into an rpm root with rpmkeys, and then rpm 4.18's -K verifies every signed package made from a tree
 * the real farm built (examples/hello for kernel-matrix/demo.yaml): kmod RPMs, the DKMS source RPM, KMPs and a Red
 * Hat driver disk's RPMs (whose repository metadata must describe the signed files). A package signed by another
 * key fails there; two runs give the same bytes; and rpmsign --addsign itself, given the same key and time, turns
 * kmodfarm's unsigned package into kmodfarm's signed one byte for byte.
 */
class RpmSigningIT {
    /** The vendor key's creation, 2000-01-01: older than the packages, so its signatures carry their time. */
    private static final long KEY_TIME = 946_684_800L;
    /** The packages' time (2023-11-14): older than the other key, made now, whose signatures carry its creation. */
    private static final String PACKAGE_TIME = "1700000000";
    @TempDir
    static Path work;
    static Path gnupg;
    static Path root;
    static String vendor;
    static String other;
    static String edwards;

    record Run(int exit, String output) {
    }

    /** kmodfarm in the work folder, with this checkout as its home, the test's keyring and the packages' time. */
    static Run kmodfarm(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(args, work, Map.of("KMODFARM_HOME", RealFarmIT.repo("").toString(), "GNUPGHOME",
                gnupg.toString(), "SOURCE_DATE_EPOCH", PACKAGE_TIME), DockerServices::new, new PrintWriter(o),
                new PrintWriter(e));
        return new Run(code, e.toString() + o);
    }

    static void ok(String... args) {
        Run r = kmodfarm(args);
        assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r.output());
    }

    static Exec gpg(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("env", "GNUPGHOME=" + gnupg, "gpg", "--batch", "--no-tty"));
        command.addAll(List.of(args));
        return PackagingIT.exec(work, command.toArray(String[]::new));
    }

    /** A new signing key without passphrase, made with gpg's {@code options} (a faked time), by its fingerprint. */
    static String newKey(String address, String algorithm, List<String> options) throws IOException,
            InterruptedException {
        List<String> args = new ArrayList<>(List.of("--passphrase", ""));
        args.addAll(options);
        args.addAll(List.of("--quick-gen-key", "kmodfarm test <" + address + ">", algorithm, "sign", "never"));
        Exec made = gpg(args.toArray(String[]::new));
        assertEquals(0, made.exit(), made.output());
        Exec list = gpg("--with-colons", "--list-secret-keys", address);
        return list.output().lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
    }

    static Exec exec(String... command) throws IOException, InterruptedException {
        return PackagingIT.exec(work, command);
    }

    @BeforeAll
    static void buildMakeKeysAndSign() throws IOException, InterruptedException {
        gnupg = Files.createDirectory(work.resolve("gnupg"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        List<String> inTheYear2000 = List.of("--faked-system-time", Long.toString(KEY_TIME));
        vendor = newKey("vendor@example.org", "rsa3072", inTheYear2000);
        other = newKey("other@example.org", "rsa3072", List.of());
        edwards = newKey("ed25519@example.org", "ed25519", inTheYear2000);
        Exec export = gpg("--armor", "--output", work.resolve("vendor.asc").toString(), "--export", vendor);
        assertEquals(0, export.exit(), export.output());
        root = Files.createDirectory(work.resolve("root"));
        Exec imported = exec("rpmkeys", "--root", root.toString(), "--import", work.resolve("vendor.asc").toString());
        assertEquals(0, imported.exit(), imported.output());

        ok("build", RealFarmIT.repo("examples/hello").toString(), "--matrix",
                RealFarmIT.repo("kernel-matrix/demo.yaml").toString());
        ok("mkrpm", "kmodfarm-hello/0.1", "--out", "plain");
        ok("mkrpm", "kmodfarm-hello/0.1", "--sign-key", vendor, "--out", "signed");
        ok("mkrpm", "kmodfarm-hello/0.1", "--sign-key", vendor, "--out", "again");
        ok("mkrpm", "kmodfarm-hello/0.1", "--source", "--sign-key", vendor, "--out", "signed");
        ok("mkkmp", "kmodfarm-hello/0.1", "--sign-key", vendor, "--out", "signed");
        ok("mkrpm", "kmodfarm-hello/0.1", "--sign-key", other, "--out", "other");
        ok("mkrpm", "kmodfarm-hello/0.1", "--sign-key", edwards, "--out", "ed");
        ok("mkrpm", "kmodfarm-hello/0.1", "--sign-key", edwards, "--out", "ed-again");
        ok("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "redhat", "--media", "tar", "--sign-key", vendor,
                "--out", "dd");
    }

    static List<Path> rpms(String dir) throws IOException {
        try (Stream<Path> files = Files.list(work.resolve(dir))) {
            return files.filter(p -> p.toString().endsWith(".rpm")).sorted().toList();
        }
    }

    /** The last 16 hex digits of a fingerprint, as rpm -qi prints a key id. */
    static String keyId(String fingerprint) {
        return fingerprint.substring(fingerprint.length() - 16).toLowerCase(Locale.ROOT);
    }

    static long buildTime(Path rpm) throws IOException, InterruptedException {
        return Long.parseLong(exec("rpm", "-qp", "--nosignature", "--qf", "%{BUILDTIME}", rpm.toString()).output()
                .strip());
    }

    /** The header signature as rpm prints it, dates in UTC. */
    static String signature(Path rpm) throws IOException, InterruptedException {
        return exec("env", "TZ=UTC", "LC_ALL=C", "rpm", "-qp", "--nosignature", "--qf", "%{RSAHEADER:pgpsig}",
                rpm.toString())
                .output().strip();
    }

    /** A time as rpm prints it in the C locale (strftime's %c). */
    static String rpmDate(long epoch) {
        return DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochSecond(epoch));
    }

    static void verifies(Path rpm) throws IOException, InterruptedException {
        Exec k = exec("rpm", "--root", root.toString(), "-K", rpm.toString());
        assertEquals(0, k.exit(), k.output());
        assertEquals(rpm + ": digests signatures OK", k.output().strip());
        Exec kv = exec("rpm", "--root", root.toString(), "-Kv", rpm.toString());
        assertTrue(kv.output().contains("Header V4 RSA/SHA256 Signature, key ID " + keyId(vendor).substring(8)
                + ": OK"), kv.output());
    }

    @Test
    void everySignedPackageVerifiesAgainstTheImportedKey() throws Exception {
        List<Path> signed = rpms("signed");
        assertEquals(5, signed.size(), "two kmod RPMs, the source RPM, two KMPs: " + signed);
        for (Path rpm : signed) {
            verifies(rpm);
            Exec info = exec("rpm", "-qpi", rpm.toString());
            assertTrue(info.output().lines().anyMatch(l -> l.matches("Signature\\s+: RSA/SHA256, .*, Key ID "
                    + keyId(vendor))), info.output());
            assertEquals(Long.parseLong(PACKAGE_TIME), buildTime(rpm));
            assertEquals("RSA/SHA256, " + rpmDate(buildTime(rpm)) + ", Key ID " + keyId(vendor), signature(rpm),
                    "signed at the packages' time");
        }
        Exec plain = exec("rpm", "--root", root.toString(), "-K", rpms("plain").get(0).toString());
        assertEquals(rpms("plain").get(0) + ": digests OK", plain.output().strip(), "unsigned: digests only");
    }

    @Test
    void aPackageSignedByAnotherKeyFailsAgainstThatRoot() throws Exception {
        for (Path rpm : rpms("other")) {
            Exec k = exec("rpm", "--root", root.toString(), "-K", rpm.toString());
            assertNotEquals(0, k.exit(), k.output());
            assertEquals(rpm + ": digests SIGNATURES NOT OK", k.output().strip());
            Exec kv = exec("rpm", "--root", root.toString(), "-Kv", rpm.toString());
            assertTrue(kv.output().contains("Header V4 RSA/SHA256 Signature, key ID " + keyId(other).substring(8)
                    + ": NOKEY"), kv.output());
            // that key was made today, after the packages' time: its signature is dated at the key's creation
            String created = gpg("--with-colons", "--list-keys", other).output().lines()
                    .filter(l -> l.startsWith("pub:")).findFirst().orElseThrow().split(":")[5];
            assertTrue(Long.parseLong(created) > buildTime(rpm));
            assertEquals("RSA/SHA256, " + rpmDate(Long.parseLong(created)) + ", Key ID " + keyId(other),
                    signature(rpm), "signed at the key's creation");
        }
    }

    @Test
    void twoRunsGiveTheSameSignedBytes() throws Exception {
        List<Path> a = rpms("signed").stream().filter(p -> p.getFileName().toString().startsWith("kmod-")).toList();
        List<Path> b = rpms("again");
        assertEquals(a.stream().map(Path::getFileName).toList(), b.stream().map(Path::getFileName).toList());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
        }
    }

    /** rpmsign 4.18 --addsign with the same key, digest and time makes exactly kmodfarm's signed package. */
    @Test
    void rpmsignMakesTheSameBytesFromTheUnsignedPackage() throws Exception {
        rpmsignGivesTheSameBytes(vendor, "signed");
    }

    /**
     * An Ed25519 key's signature goes under RPMSIGTAG_DSA, verifies, is as deterministic as RSA's and equals
     * rpmsign's too.
     */
    @Test
    void anEd25519KeySignsVerifiablyAndReproducibly() throws Exception {
        Path edRoot = Files.createDirectory(work.resolve("ed-root"));
        Exec export = gpg("--armor", "--output", work.resolve("ed.asc").toString(), "--export", edwards);
        assertEquals(0, export.exit(), export.output());
        Exec imported = exec("rpmkeys", "--root", edRoot.toString(), "--import", work.resolve("ed.asc").toString());
        assertEquals(0, imported.exit(), imported.output());
        List<Path> a = rpms("ed");
        List<Path> b = rpms("ed-again");
        assertEquals(2, a.size(), a.toString());
        for (int i = 0; i < a.size(); i++) {
            Exec kv = exec("rpm", "--root", edRoot.toString(), "-Kv", a.get(i).toString());
            assertEquals(0, kv.exit(), kv.output());
            assertTrue(kv.output().contains("Header V4 EdDSA/SHA256 Signature, key ID " + keyId(edwards).substring(8)
                    + ": OK"), kv.output());
            String dsaTag = exec("rpm", "-qp", "--nosignature", "--qf", "%{DSAHEADER:pgpsig}", a.get(i).toString())
                    .output();
            assertTrue(dsaTag.startsWith("EdDSA/SHA256, "), dsaTag);
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
        }
        rpmsignGivesTheSameBytes(edwards, "ed");
    }

    private static void rpmsignGivesTheSameBytes(String key, String signedDir) throws Exception {
        for (Path plain : rpms("plain")) {
            Path copy = work.resolve("rpmsign-" + signedDir + "-" + plain.getFileName());
            Files.copy(plain, copy, StandardCopyOption.REPLACE_EXISTING);
            long buildTime = buildTime(plain);
            Exec sign = exec("env", "GNUPGHOME=" + gnupg, "rpmsign", "--define", "__gpg /usr/bin/gpg", "--define",
                    "_gpg_name " + key, "--define", "_gpg_digest_algo sha256", "--define",
                    "_gpg_sign_cmd_extra_args --faked-system-time " + buildTime + "!", "--addsign", copy.toString());
            assertEquals(0, sign.exit(), sign.output());
            assertArrayEquals(Files.readAllBytes(work.resolve(signedDir).resolve(plain.getFileName())),
                    Files.readAllBytes(copy), plain.getFileName().toString());
        }
    }

    @Test
    void aSignedRedHatDiskHoldsVerifyingRpmsItsRepositoryDescribes() throws Exception {
        Path tree = Files.createDirectory(work.resolve("dd-tree"));
        Exec untar = exec("tar", "-xzf", work.resolve("dd/dd-kmodfarm-hello-0.1.tar.gz").toString(), "-C",
                tree.toString());
        assertEquals(0, untar.exit(), untar.output());
        Exec primary = exec("sh", "-c", "gzip -dc < " + tree.resolve("rpms/x86_64/repodata/primary.xml.gz"));
        List<Path> rpms;
        try (Stream<Path> files = Files.list(tree.resolve("rpms/x86_64"))) {
            rpms = files.filter(p -> p.toString().endsWith(".rpm")).sorted().toList();
        }
        assertEquals(2, rpms.size(), rpms.toString());
        for (Path rpm : rpms) {
            verifies(rpm);
            assertArrayEquals(Files.readAllBytes(work.resolve("signed").resolve(rpm.getFileName())),
                    Files.readAllBytes(rpm), "the disk carries mkrpm --sign-key's package");
            String sum = exec("sh", "-c", "sha256sum < " + rpm + " | cut -d' ' -f1").output().strip();
            assertTrue(primary.output().contains("<checksum type=\"sha256\" pkgid=\"YES\">" + sum + "</checksum>"),
                    sum + " in\n" + primary.output());
            assertTrue(primary.output().contains("<size package=\"" + Files.size(rpm) + "\""), primary.output());
        }
    }

    @Test
    void anUnknownKeyIsBadInputNamingItAndTheFix() {
        Run r = kmodfarm("mkrpm", "kmodfarm-hello/0.1", "--sign-key", "0123456789ABCDEF", "--out", "unknown");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("no secret key '0123456789ABCDEF'") && r.output().contains("gpg --import"),
                r.output());
        assertTrue(!Files.exists(work.resolve("unknown")) || work.resolve("unknown").toFile().list().length == 0,
                "nothing written");
    }
}
