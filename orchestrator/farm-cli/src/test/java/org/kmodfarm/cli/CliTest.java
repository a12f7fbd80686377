package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.testkit.LocalMirror;

class CliTest {
    @TempDir
    Path dir;
    final FakeServices services = new FakeServices();
    final Map<String, String> env = new HashMap<>();
    String out;
    String err;

    @BeforeEach
    void mirror() throws Exception {
        CliWorkDir.prepare(dir, env,
                LocalMirror.headers("6.1.0-47-amd64", "6.1.170-3", "linux-compiler-gcc-12-x86")
                        + LocalMirror.headers("6.1.0-56-amd64", "6.1.192-2", "linux-compiler-gcc-12-x86"));
    }

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(args, dir, env, c -> services, new PrintWriter(o), new PrintWriter(e));
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void helpAndVersion() {
        assertEquals(0, run("--help"));
        assertTrue(out.contains("Usage: kmodfarm"), out);
        assertTrue(out.contains("Exit codes:"), out);
        assertEquals(0, run("--version"));
        assertTrue(out.startsWith("kmodfarm "), out);
        assertEquals(0, run("matrix", "resolve", "--help"));
        assertTrue(out.startsWith("Usage: kmodfarm matrix resolve [-hV] [--json] [--refresh]"), out);
        assertTrue(out.contains("[FILE]"), out);
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(ExitCodes.BAD_INPUT, run("matrix", "resolve", "--jsno"));
        assertTrue(err.contains("Unknown option: '--jsno'"), err);
    }

    @Test
    void resolvePrintsTheTargetsOfTheDefaultMatrix() {
        assertEquals(0, run("matrix", "resolve"));
        assertTrue(out.contains("6.1.0-56-amd64  bookworm  6.1.192-2"), out);
        assertTrue(out.contains("2 kernel targets from 1 suite (bookworm)"), out);
        assertEquals(0, run("matrix", "resolve", "--json"));
        assertTrue(out.contains("\"compiler\" : \"gcc-12\""), out);
        assertTrue(services.closed);
    }

    @Test
    void badMatrixExitsTwoNamingFileLineAndFix() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "targets:\n  - release: bookworm\n    suites: [bookworm]\n"
                + "    flavours: [amd46]\n    kernels: all\n");
        assertEquals(ExitCodes.BAD_INPUT, run("matrix", "validate", "bad.yaml"));
        assertTrue(err.contains("error: " + dir.resolve("bad.yaml") + ":4: no kernel headers of flavour 'amd46'"), err);
        assertTrue(err.contains("  fix: flavours found there: amd64"), err);
        assertEquals(0, run("matrix", "validate", "--offline", "bad.yaml"));
    }

    @Test
    void badConfigurationExitsTwo() throws Exception {
        Files.writeString(dir.resolve("kmodfarm.yaml"), "jobs: many\n");
        assertEquals(ExitCodes.BAD_INPUT, run("matrix", "resolve"));
        assertTrue(err.contains("kmodfarm.yaml:1: For input string: \"many\""), err);
    }

    @Test
    void doctorPrintsTheConfigurationAndFailsWithoutEngine() {
        env.put("KMODFARM_JOBS", "3");
        run("doctor");
        assertTrue(out.contains("jobs"), out);
        assertTrue(out.contains("environment KMODFARM_JOBS"), out);
        assertTrue(out.contains("ok    docker engine: 20.10.24, API 1.41"), out);
        assertTrue(out.contains("ok    package mirror (mirror): " + env.get("KMODFARM_MIRROR")), out);
        assertTrue(out.contains("ok    package mirror (security-mirror): "), out);
        services.engineUp = false;
        assertEquals(ExitCodes.INFRA, run("doctor"));
        assertTrue(out.contains("FAIL  docker engine"), out);
        assertTrue(out.contains("fix: run scripts/setup-docker"), out);
    }

    @Test
    void doctorShowsTheSigningFilesPathsNeverTheKeyAndChecksTheSandboxCanReadThem() throws Exception {
        Path key = dir.resolve("keys/signing.key");
        Files.createDirectories(key.getParent());
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nSECRETSECRET\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("keys/signing.crt"), "certificate");
        env.put("KMODFARM_SIGNING_KEY", "keys/signing.key");
        env.put("KMODFARM_SIGNING_CERT", "keys/signing.crt");
        Files.setAttribute(key, "unix:uid", 1000);
        run("doctor");
        assertTrue(out.contains("signing.key"), out);
        assertTrue(out.contains("ok    signing: key " + key), out);
        assertFalse(out.contains("SECRET") || err.contains("SECRET"), out + err);
        Files.setAttribute(key, "unix:uid", 0);
        run("doctor");
        assertTrue(out.contains("FAIL  signing: " + key + " is not readable by the signing container's user"), out);
        assertTrue(out.contains("chown 1000"), out);
        env.remove("KMODFARM_SIGNING_CERT");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/dkms.conf"), "PACKAGE_NAME=x\nPACKAGE_VERSION=1\n");
        assertEquals(ExitCodes.BAD_INPUT, run("build", "src", "--matrix", "kernel-matrix/demo.yaml"));
        assertTrue(err.contains("signing needs both signing.key and signing.cert"), err);
    }

    @Test
    void imagesBuildThenReuseAndRecordDigests() throws Exception {
        assertEquals(0, run("images", "build"));
        assertTrue(out.contains("2 builder images (2 built, 0 reused)"), out);
        assertEquals(0, run("images", "build", "-k", "6.1.0-47-amd64"));
        assertTrue(out.contains("1 builder images (0 built, 1 reused)"), out);
        assertTrue(Files.readString(dir.resolve("results/.kmodfarm/images.json")).contains("6.1.0-56-amd64"));
        assertEquals(0, run("images", "list"));
        assertTrue(java.util.regex.Pattern.compile("(?m)^builder +kmodfarm/builder:6\\.1\\.0-47-amd64-").matcher(out).find(),
                out);
        assertEquals(ExitCodes.BAD_INPUT, run("images", "build", "-k", "5.10.0-9-amd64"));
        assertTrue(err.contains("kernel 5.10.0-9-amd64 is not in this matrix"), err);
    }

    @Test
    void pruneKeepsWhatTheMatrixNeeds() throws Exception {
        run("images", "build");
        int before = services.images.images.size();
        Files.writeString(dir.resolve("kernel-matrix/debian.yaml"), """
                targets:
                  - {release: bookworm, suites: [bookworm, bookworm-security], flavours: [amd64], kernels: {newest: 1}}
                """);
        assertEquals(0, run("images", "prune", "--dry-run"));
        assertTrue(out.contains("would remove 1 images"), out);
        assertEquals(before, services.images.images.size());
        assertEquals(0, run("images", "prune"));
        assertEquals(before - 1, services.images.images.size());
        assertEquals(0, run("images", "prune", "--everything"));
        assertEquals(0, services.images.images.size());
    }

    @Test
    void demoStoresModulesInTheDkmsLayout() throws Exception {
        assertEquals(0, run("demo"), err + out);
        assertTrue(out.contains("kmodfarm-hello/0.1/6.1.0-47-amd64/x86_64  BUILT"), out);
        assertTrue(Files.isRegularFile(dir.resolve("results/kmodfarm-hello/0.1/source/dkms.conf")));
        assertTrue(Files.isRegularFile(dir.resolve("results/kmodfarm-hello/0.1/6.1.0-47-amd64/x86_64/module/kmodfarm_hello.ko")));
        assertTrue(Files.readString(dir.resolve("results/kmodfarm-hello/0.1/6.1.0-56-amd64/x86_64/log/make.log"))
                .contains("CC [M]"));
        assertEquals(0, run("demo"), err + out);
        assertTrue(out.contains("2 BUILT in") && out.contains("2 from the cache"), out);
    }

    @Test
    void loadtestRefusesBadInputAndNamesAMissingEmulator() throws Exception {
        assertEquals(ExitCodes.BAD_INPUT, run("loadtest"));
        assertTrue(err.contains("no BUILT cell of the selected kernels to load-test"), err);
        assertEquals(0, run("demo"), err + out);
        assertEquals(ExitCodes.BAD_INPUT, run("loadtest", "nosuch/1.0"));
        assertTrue(err.contains("no BUILT cell of nosuch/1.0 in the tree") && err.contains("kmodfarm-hello/0.1"), err);
        assertEquals(ExitCodes.BAD_INPUT, run("loadtest", "--accel", "xen"));
        assertTrue(err.contains("--accel is one of auto, kvm, tcg"), err);
        assertEquals(ExitCodes.INFRA, run("loadtest", "kmodfarm-hello/0.1", "-k", "6.1.0-47-amd64"));
        assertTrue(err.contains("the fake services have no emulator"), err);
    }

    @Test
    void reportRendersTheLatestRun() throws Exception {
        assertEquals(2, run("report", "--format", "json"), "no run yet: " + err);
        assertTrue(err.contains("no build run in this tree yet"), err);
        assertEquals(0, run("demo"), err + out);
        assertEquals(0, run("report", "--format", "junit"), err);
        assertTrue(out.contains("<testsuite") && out.contains("6.1.0-47-amd64"), out);
        assertEquals(0, run("report", "--latest", "--format", "md", "--out", "report.md"), err);
        assertTrue(Files.readString(dir.resolve("report.md")).contains("kmodfarm-hello"));
        assertEquals(0, run("report", "--format", "json"), err);
        assertTrue(out.contains("\"schema\" : 1") || out.contains("\"schema\": 1"), out);
        assertEquals(2, run("report", "no-such-run", "--format", "json"));
        assertTrue(err.contains("no run no-such-run"), err);
        assertEquals(2, run("report", "--format", "pdf"));
        assertTrue(err.contains("use one of: html, json, junit, md"), err);
        assertEquals(2, run("report", "--format", "json", "--fail-on", "flaky"));
        assertTrue(err.contains("use one of: regression, failing, error"), err);
    }

    /** The run id a build printed ("run: TREE/.kmodfarm/runs/RUN-ID"). */
    private static String runId(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("run: \\S*/runs/(\\S+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void everyBuildWritesItsReportsAndFailOnDecidesTheExitCode() throws Exception {
        assertEquals(0, run("demo", "--fail-on", "regression"), err + out);
        Path runs = dir.resolve("results/.kmodfarm/runs");
        String first = runId(out);
        for (String name : List.of("report.html", "report.json", "report.junit.xml", "report.md", "metrics.prom")) {
            assertTrue(Files.isRegularFile(runs.resolve(first).resolve(name)), name);
        }
        assertTrue(out.contains("report: " + runs.resolve(first).resolve("report.html")), out);

        services.failingKernels = java.util.Set.of("6.1.0-56-amd64");
        assertEquals(1, run("demo", "--rebuild"), "a failed cell: 1 without --fail-on\n" + out);
        assertEquals(4, run("report", "--format", "md", "--fail-on", "regression"), err);
        assertTrue(out.contains("1 REGRESSION"), out);
        assertEquals(0, run("report", "--format", "md", "--fail-on", "error"), "no ERROR: " + err);
        assertEquals(4, run("demo", "--rebuild", "--fail-on", "error,failing"), out);
        assertTrue(out.contains("--fail-on: failing"), out);
        String latest = runId(out);
        // the second demo's failure against the first run, which built it; against itself it is FAILING
        assertEquals(0, run("report", "--format", "json", "--against", first), err);
        assertTrue(out.contains("\"comparison\" : \"REGRESSION\""), out);
        assertEquals(2, run("report", "--format", "json", "--against", "nope"));
        assertEquals(0, run("report", latest, "--format", "html", "--out", "out/r.html"), err);
        String html = Files.readString(dir.resolve("out/r.html"));
        assertTrue(html.contains("cmp FAILING") && html.contains("hello.c:7:5: error: &#39;sk_buff&#39;"), html);
        assertTrue(html.contains("href=\"../results/.kmodfarm/objects/sha256/"), "links relative to --out");
    }

    @Test
    void mkbmdebAndMkdebPackageTheBuiltTree() throws Exception {
        assertEquals(2, run("mkbmdeb", "kmodfarm-hello/0.1"), "nothing built yet: " + err);
        assertTrue(err.contains("the tree holds no module kmodfarm-hello/0.1") && err.contains("fix: "), err);
        assertEquals(0, run("demo"), err + out);
        env.put("SOURCE_DATE_EPOCH", "1700000000");
        assertEquals(0, run("mkbmdeb", "kmodfarm-hello/0.1", "--maintainer", "Jane Doe <jane@example.org>"), err);
        Path packages = dir.resolve("results/.kmodfarm/packages/kmodfarm-hello/0.1");
        Path deb = packages.resolve("kmodfarm-hello-modules-6.1.0-47-amd64_0.1_amd64.deb");
        assertTrue(Files.isRegularFile(deb), out);
        assertTrue(Files.isRegularFile(packages.resolve("kmodfarm-hello-modules-6.1.0-56-amd64_0.1_amd64.deb")), out);
        assertTrue(out.contains("wrote " + deb), out);
        byte[] first = Files.readAllBytes(deb);
        assertEquals(0, run("mkbmdeb", "kmodfarm-hello/0.1", "-k", "6.1.0-47-amd64", "--out", "debs",
                "--maintainer", "Jane Doe <jane@example.org>"), err);
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(dir.resolve("debs").resolve(deb.getFileName()))));
        assertEquals(1, count(dir.resolve("debs")));

        assertEquals(2, run("mkbmdeb", "kmodfarm-hello/0.1", "-k", "5.10.0-1-amd64"));
        assertTrue(err.contains("kmodfarm-hello/0.1 is not built for kernel 5.10.0-1-amd64 (it was never built)"), err);
        assertTrue(err.contains("fix: build it: kmodfarm build kmodfarm-hello/0.1 -k 5.10.0-1-amd64"), err);
        assertEquals(2, run("mkbmdeb", "kmodfarm-hello/0.1", "-k", "6.1.0-47-amd64", "--matrix", "m.yaml"));
        assertEquals(2, run("mkbmdeb", "kmodfarm-hello"));
        assertTrue(err.contains("'kmodfarm-hello' is not NAME/VERSION"), err);
        assertEquals(2, run("mkbmdeb", "kmodfarm-hello/0.1", "--maintainer", "nobody"));
        assertEquals(0, run("mkbmdeb", "kmodfarm-hello/0.1", "--matrix", "kernel-matrix/demo.yaml", "--out", "m"), err);
        assertEquals(2, count(dir.resolve("m")));

        assertEquals(0, run("mkdeb", "kmodfarm-hello/0.1"), err);
        assertTrue(Files.isRegularFile(packages.resolve("kmodfarm-hello-dkms_0.1_all.deb")), out);
        assertEquals(2, run("mkdeb", "kmodfarm-hello/9"));

        assertEquals(0, run("mkrpm", "kmodfarm-hello/0.1", "-k", "6.1.0-56-amd64"), err);
        assertTrue(Files.isRegularFile(packages.resolve("kmod-kmodfarm-hello-6.1.0-56-amd64-0.1-1.x86_64.rpm")), out);
        assertEquals(2, run("mkrpm", "kmodfarm-hello/0.1", "-k", "6.1.0-1-amd64"));
        assertEquals(0, run("mkrpm", "kmodfarm-hello/0.1", "--source"), err);
        assertTrue(Files.isRegularFile(packages.resolve("kmodfarm-hello-dkms-0.1-1.noarch.rpm")), out);
        assertEquals(2, run("mkrpm", "kmodfarm-hello/0.1", "--source", "-k", "6.1.0-56-amd64"));
        assertTrue(err.contains("--source takes no -k, --matrix or --last-good"), err);
    }

    @Test
    void mktarballPacksTheBuiltKernelsInDkmsLayout() throws Exception {
        assertEquals(2, run("mktarball", "kmodfarm-hello/0.1", "--binaries-only"), "nothing built yet: " + err);
        assertTrue(err.contains("the tree holds no module kmodfarm-hello/0.1"), err);
        assertEquals(0, run("demo"), err + out);
        assertEquals(0, run("mktarball", "kmodfarm-hello/0.1", "--binaries-only", "-k", "6.1.0-47-amd64",
                "--out", "t"), err);
        Path tarball = dir.resolve("t/kmodfarm-hello-0.1-kernel6.1.0-47-amd64-x86_64.dkms.tar.gz");
        assertTrue(out.contains("wrote " + tarball), out);
        java.util.Map<String, byte[]> files = tarFiles(tarball);
        assertEquals(java.util.Set.of("dkms_main_tree/6.1.0-47-amd64/x86_64/module/kmodfarm_hello.ko",
                "dkms_main_tree/6.1.0-47-amd64/x86_64/log/make.log", "dkms_binaries_only/PACKAGE_NAME",
                "dkms_binaries_only/PACKAGE_VERSION", "dkms_binaries_only/dkms.conf"), files.keySet());
        assertEquals("ELF 6.1.0-47-amd64", new String(files.get(
                "dkms_main_tree/6.1.0-47-amd64/x86_64/module/kmodfarm_hello.ko"), StandardCharsets.UTF_8));

        assertEquals(0, run("mktarball", "kmodfarm-hello/0.1", "--out", "t"), err);
        Path both = dir.resolve("t/kmodfarm-hello-0.1-kernel6.1.0-47-amd64-x86_64-kernel6.1.0-56-amd64-x86_64"
                + ".dkms.tar.gz");
        files = tarFiles(both);
        assertTrue(files.containsKey("dkms_source_tree/dkms.conf")
                && files.containsKey("dkms_main_tree/6.1.0-56-amd64/x86_64/module/kmodfarm_hello.ko")
                && files.keySet().stream().noneMatch(f -> f.startsWith("dkms_binaries_only")), files.keySet()
                .toString());
        byte[] first = Files.readAllBytes(both);
        assertEquals(0, run("mktarball", "kmodfarm-hello/0.1", "--out", "t"), err);
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(both)), "two runs give the same bytes");

        // a DKMS tarball names no maintainer: the option would be silently ignored
        assertEquals(2, run("mktarball", "kmodfarm-hello/0.1", "--maintainer", "A <a@example.org>"));
        assertTrue(err.contains("Unknown options: '--maintainer'"), err);
        assertEquals(2, run("mktarball", "kmodfarm-hello/0.1", "-k", "9.9.9-amd64"));
        assertTrue(err.contains("kmodfarm-hello/0.1 is not built for kernel 9.9.9-amd64")
                && err.contains("fix: build it"), err);
        Files.write(dir.resolve("results/kmodfarm-hello/0.1/6.1.0-47-amd64/x86_64/module/kmodfarm_hello.ko"),
                new byte[] {1});
        assertEquals(2, run("mktarball", "kmodfarm-hello/0.1", "--out", "t"));
        assertTrue(err.contains("differs from what its build recorded"), err);
    }

    @Test
    void lastGoodPackagesTheKeptBuildOfAKernelThatFailsNowAndSaysSo() throws Exception {
        assertEquals(0, run("demo"), err + out);
        String built = runId(out);
        services.failingKernels = java.util.Set.of("6.1.0-56-amd64");
        assertEquals(1, run("demo", "--rebuild"), out);
        assertEquals(2, run("mkbmdeb", "kmodfarm-hello/0.1", "-k", "6.1.0-56-amd64", "--out", "p"));
        assertTrue(err.contains("its last build is FAILED"), err);
        assertEquals(0, run("mkbmdeb", "kmodfarm-hello/0.1", "-k", "6.1.0-56-amd64", "--last-good", "--out", "p"),
                err);
        assertTrue(err.contains("warning: kmodfarm-hello/0.1 6.1.0-56-amd64 (x86_64): its newest build is FAILED; "
                + "packaging its last good build, run " + built), err);
        assertTrue(out.contains("kmodfarm-hello-modules-6.1.0-56-amd64_0.1_amd64.deb"), out);
        assertEquals(2, run("mkrpm", "kmodfarm-hello/0.1", "--source", "--last-good"));
        assertTrue(err.contains("--source takes no -k, --matrix or --last-good"), err);
    }

    @Test
    void mkdriverdiskWritesTheRedHatTreeAsATarAndRefusesOtherTypes() throws Exception {
        assertEquals(0, run("demo"), err + out);
        assertEquals(0, run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "redhat", "--media", "tar", "--out", "d"),
                err);
        java.util.Map<String, byte[]> files = tarFiles(dir.resolve("d/dd-kmodfarm-hello-0.1.tar.gz"));
        assertEquals(java.util.Set.of("rhdd3", "rpms/x86_64/kmod-kmodfarm-hello-6.1.0-47-amd64-0.1-1.x86_64.rpm",
                "rpms/x86_64/kmod-kmodfarm-hello-6.1.0-56-amd64-0.1-1.x86_64.rpm", "rpms/x86_64/repodata/repomd.xml",
                "rpms/x86_64/repodata/primary.xml.gz", "rpms/x86_64/repodata/filelists.xml.gz",
                "rpms/x86_64/repodata/other.xml.gz"), files.keySet());
        assertEquals(2, run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "windows"));
        assertTrue(err.contains("--type") && err.contains("REDHAT"), err);
        assertEquals(2, run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "redhat", "--dist", "sles15"));
        assertTrue(err.contains("--dist names the product of a SUSE driver update") && err.contains("--type suse"),
                err);
        assertEquals(2, run("mkdriverdisk", "kmodfarm-hello/0.1"));
        assertTrue(err.contains("Missing required option: '--type=TYPE'"), err);
    }

    @Test
    void mkdriverdiskWritesTheSuseTreeForTheProductAndRefusesAnUnknownOne() throws Exception {
        assertEquals(0, run("demo"), err + out);
        assertEquals(0, run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "suse", "--dist", "leap15.6", "--media",
                "tar", "--out", "d"), err);
        java.util.Map<String, byte[]> files = tarFiles(dir.resolve("d/dud-kmodfarm-hello-0.1.tar.gz"));
        String base = "linux/suse/x86_64-leap15.6/";
        assertEquals(java.util.Set.of(base + "dud.config", base + "modules/module.order",
                base + "modules/kmodfarm_hello.ko",
                base + "install/kmodfarm-hello-kmp-amd64-0.1_k6.1.0_47-1.x86_64.rpm",
                base + "install/kmodfarm-hello-kmp-amd64-0.1_k6.1.0_56-1.x86_64.rpm"), files.keySet());
        assertEquals("ELF 6.1.0-56-amd64", new String(files.get(base + "modules/kmodfarm_hello.ko"),
                StandardCharsets.UTF_8), "the newest kernel's module");
        assertEquals(0, run("mkkmp", "kmodfarm-hello/0.1", "-k", "6.1.0-47-amd64", "--out", "k"), err);
        assertTrue(out.contains("kmodfarm-hello-kmp-amd64-0.1_k6.1.0_47-1.x86_64.rpm"), out);
        assertEquals(2, run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "suse", "--dist", "debian12"));
        assertTrue(err.contains("'debian12' is not a SUSE product") && err.contains("give --dist"), err);
    }

    @Test
    void signKeyIsTakenWhereRpmsAreMadeAndOnlyThere() throws Exception {
        for (String verb : List.of("mkrpm", "mkkmp", "mkdriverdisk")) {
            assertEquals(0, run(verb, "--help"));
            assertTrue(out.contains("--sign-key=KEYID") && out.contains("GNUPGHOME"), verb + ":\n" + out);
        }
        assertEquals(0, run("demo"), err + out);
        assertEquals(2, run("mkbmdeb", "kmodfarm-hello/0.1", "--sign-key", "vendor@example.org"));
        assertTrue(err.contains("Unknown options: '--sign-key'"), err);
        assertEquals(2, run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "ubuntu", "--sign-key",
                "vendor@example.org"));
        assertTrue(err.contains("--sign-key signs RPMs") && err.contains("use --type redhat or suse"), err);
    }

    @Test
    void packageSelfNamesTheFixForAMissingOrBrokenJar() throws Exception {
        assertEquals(2, run("package-self", "--jar", "none.jar"));
        assertTrue(err.contains("no kmodfarm jar to package") && err.contains("--jar FILE"), err);
        Files.write(dir.resolve("k.jar"), new byte[] {'P', 'K', 3, 4});
        assertEquals(2, run("package-self", "--jar", "k.jar"));
        assertTrue(err.contains("not a jar file") && err.contains("fix: give kmodfarm's jar"), err);
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(dir.resolve("alone.jar")), manifest)) {
            jar.putNextEntry(new java.util.zip.ZipEntry("a"));
        }
        assertEquals(2, run("package-self", "--jar", "alone.jar"));
        assertTrue(err.contains("no kmodfarm-cell.jar beside the jar") && err.contains("fix: give the jar of a "
                + "complete build"), err);
    }

    @Test
    void theFoldedBinaryVerbsInheritTheRootOptionsAndKeepTheirHelp() {
        assertEquals(0, run("mkrpm", "--help"));
        assertTrue(out.contains("Usage: kmodfarm mkrpm [-hV] [--last-good] [--source] [--config=FILE]") && out.contains("--source")
                && out.contains("Requires: kernel-uname-r") && out.contains("--tree=DIR"), out);
        assertEquals(0, run("mkbmdeb", "--help"));
        assertTrue(out.contains("Usage: kmodfarm mkbmdeb") && out.contains("linux-image-KERNEL"), out);
        assertFalse(out.contains("--source"), "the source package of Debian is mkdeb: " + out);
        assertEquals(2, run("mkrpm", "kmodfarm-hello/0.1", "--tree", "elsewhere"));
        assertTrue(err.contains(dir.resolve("elsewhere").toString()), err);
    }

    private static java.util.Map<String, byte[]> tarFiles(Path tarball) throws java.io.IOException {
        try (var in = org.kmodfarm.archive.Compression.GZIP.decompress(Files.newInputStream(tarball))) {
            return org.kmodfarm.archive.TarReader.files(in);
        }
    }

    private static long count(Path folder) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.count();
        }
    }
}
