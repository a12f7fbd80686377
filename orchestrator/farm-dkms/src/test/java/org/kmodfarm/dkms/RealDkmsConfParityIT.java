package org.kmodfarm.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.apt.AptIndexCache;
import org.kmodfarm.core.apt.HttpIndexFetcher;
import org.kmodfarm.core.apt.MirrorDefaults;
import org.kmodfarm.core.matrix.MatrixParser;
import org.kmodfarm.core.matrix.MatrixResolver;
import org.kmodfarm.dkms.DebianDkmsInputs.KernelConfig;
import org.kmodfarm.dkms.DebianDkmsInputs.PackageConf;
import org.kmodfarm.dkms.DebianDkmsInputs.Run;
import org.kmodfarm.model.KernelTarget;

/**
 * kmodfarm evaluates Debian's real {@code *-dkms} packages exactly as Debian's dkms does, for every kernel of
 * the default matrix ({@code kernel-matrix/debian.yaml}).
 *
 * <p>The oracle is DKMS 3.2.2 itself (the version kmodfarm reproduces, sid's): {@code real-dkms-read-conf.bash}
 * runs its {@code dkms.in} — substituted as its Makefile does — up to the action dispatch, so its functions,
 * global setup and option parsing are DKMS's own, then calls {@code read_conf_strict_or_die} as
 * {@code dkms build} does and prints what it decided. kmodfarm's side is {@link ConfReader} with
 * {@link LocalBashRunner} and {@code DestinationPolicy("debian", "")}, as {@code bin/dkms} builds it on a
 * Debian host, rendered in the same format. Both see the same conf, kernel, arch ({@code x86_64}, DKMS's
 * {@code uname -m} on amd64), private trees, cwd, environment and the kernel's real {@code .config} under
 * {@code <installtree>/<kernel>/build} (several packages test it, in dkms.conf or BUILD_EXCLUSIVE_CONFIG).
 *
 * <p>Compared per package × kernel: module names and locations (built and installed, after Debian's
 * {@code /updates/dkms} override), strip, make command, patches, CLEAN, exclusivity verdict and the
 * BUILD_EXCLUSIVE_* values it came from, OBSOLETE_BY, the yes/no directives, BUILD_DEPENDS, the scripts,
 * DKMS's stderr (dkms.conf's own output, deprecation warnings, errors) and, for a refused conf, the exit code.
 *
 * <p>Skipped only when {@code apt-get}/{@code dpkg-deb} are missing, apt fetches none of the packages, the
 * matrix cannot be resolved (no network, no cached indexes) or DKMS 3.2.2's source is nowhere on this machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealDkmsConfParityIT {
    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final String ARCH = "x86_64";
    /** Bookworm's *-dkms packages in main, most with non-trivial confs (conditionals, exclusivity, many modules). */
    private static final List<String> PACKAGES = List.of("acpi-call-dkms", "apfs-dkms", "bbswitch-dkms",
            "dahdi-dkms", "ddcci-dkms", "digimend-dkms", "dm-writeboost-dkms", "evdi-dkms", "falcosecurity-scap-dkms",
            "gost-crypto-dkms", "iptables-netflow-dkms", "jool-dkms", "lime-forensics-dkms", "lttng-modules-dkms",
            "openafs-modules-dkms", "openrazer-driver-dkms", "tp-smapi-dkms", "v4l2loopback-dkms", "vpoll-dkms",
            "xtables-addons-dkms");
    private static final int MIN_PACKAGES = 8;

    private Path dir;
    private Path driver;
    private Path dkmsIn;
    private List<PackageConf> confs;
    private List<KernelConfig> kernels;
    private ConfReader reader;

    @BeforeAll
    void setUp(@TempDir Path tmp) throws Exception {
        dir = tmp;
        assumeTrue(DebianDkmsInputs.onPath("apt-get") && DebianDkmsInputs.onPath("dpkg-deb"),
                "apt-get and dpkg-deb are needed to fetch Debian's *-dkms packages");
        dkmsIn = DebianDkmsInputs.dkmsIn(REPO, tmp).orElse(null);
        assumeTrue(dkmsIn != null, "DKMS 3.2.2's source is neither cached (results/.kmodfarm/cache/dkms-upstream, "
                + "scripts/dkms-upstream-tests fetches it) nor unpacked at /tmp/dkms-src/dkms-3.2.2");
        driver = tmp.resolve("real-dkms-read-conf.bash");
        try (InputStream in = getClass().getResourceAsStream("real-dkms-read-conf.bash")) {
            Files.write(driver, in.readAllBytes());
        }

        List<String> matrixKernels = matrixKernels();
        confs = DebianDkmsInputs.download(PACKAGES, tmp.resolve("packages"));
        assumeTrue(!confs.isEmpty(), "apt-get download fetched none of " + PACKAGES + " (no apt sources/network)");

        Path installTree = Files.createDirectories(tmp.resolve("install"));
        Files.createDirectories(tmp.resolve("dkms"));
        Files.createDirectories(tmp.resolve("src"));
        kernels = new ArrayList<>();
        for (String kernel : matrixKernels) {
            kernels.add(DebianDkmsInputs.install(kernel, installTree, tmp));
        }
        System.out.println("[parity] packages: " + confs.stream().map(c -> c.debPackage() + " (" + c.module() + "/"
                + c.version() + ")").toList());
        kernels.forEach(k -> System.out.println("[parity] kernel " + k.kernel() + ": .config from " + k.origin()));
        reader = new ConfReader(new ConfEvaluator(new LocalBashRunner("bash", Duration.ofMinutes(2))),
                new DestinationPolicy("debian", ""));
    }

    /** The kernel releases of the default matrix, resolved as {@code kmodfarm matrix resolve} does. */
    private static List<String> matrixKernels() {
        Path cache = REPO.resolve("results/.kmodfarm/cache");
        AptIndexCache indexes = new AptIndexCache(cache, new HttpIndexFetcher(Duration.ofSeconds(15),
                Duration.ofMinutes(5)), Clock.systemUTC(), Duration.ofDays(1), w -> System.out.println("[parity] " + w));
        List<KernelTarget> targets;
        try {
            targets = new MatrixResolver(indexes, MirrorDefaults.fromAptSources(Path.of("/etc/apt")))
                    .resolve(MatrixParser.parse(REPO.resolve("kernel-matrix/debian.yaml")), false);
        } catch (RuntimeException e) {
            // Only the network or the mirror is missing here; the resolver's own tests cover its logic.
            assumeTrue(false, "cannot resolve kernel-matrix/debian.yaml: " + e.getMessage());
            throw e;
        }
        return targets.stream().map(t -> t.kernel().value()).distinct().toList();
    }

    @Test
    void coversEnoughPackagesAndEveryMatrixKernel() {
        long packages = confs.stream().map(PackageConf::debPackage).distinct().count();
        assertTrue(packages >= MIN_PACKAGES, "only " + packages + " *-dkms packages could be fetched: " + confs);
        assertFalse(kernels.isEmpty(), "the default matrix resolved to no kernel");
        assertTrue(kernels.stream().anyMatch(k -> k.config().isPresent()),
                "no kernel's .config is available, BUILD_EXCLUSIVE_CONFIG and .config tests would go untested");
    }

    @TestFactory
    Stream<DynamicTest> sameEvaluationAsDebiansDkms() {
        return confs.stream().flatMap(conf -> kernels.stream().map(kernel -> DynamicTest.dynamicTest(
                conf.debPackage() + " @ " + kernel.kernel(), () -> compare(conf, kernel))));
    }

    private void compare(PackageConf conf, KernelConfig kernel) throws IOException, InterruptedException {
        Run real = DebianDkmsInputs.run(List.of("bash", driver.toString(), dkmsIn.toString(), conf.conf().toString(),
                conf.module(), conf.version(), kernel.kernel(), ARCH, dir.resolve("dkms").toString(),
                dir.resolve("src").toString(), dir.resolve("install").toString()), dir, 120);
        assertTrue(real.code() == 0 || real.code() == ConfReader.BAD_CONF,
                "DKMS's read_conf did not run (exit " + real.code() + "): " + real.err());
        if (real.code() == 0) {
            assertTrue(real.out().contains("\nmake="), "the oracle printed no make command: " + real.out());
        }
        String expected = "exit=" + real.code() + "\n" + real.out() + stderr(real.err());
        String actual = render(kmodfarm(conf, kernel));
        System.out.println("[parity] " + conf.debPackage() + " @ " + kernel.kernel() + ": "
                + (real.code() != 0 ? "refused (exit " + real.code() + ")"
                        : real.out().contains("\nbuild_exclude=yes\n") ? "excluded" : "builds")
                + (expected.equals(actual) ? ", same" : ", DIFFERENT"));
        if (!expected.equals(actual)) {
            fail(conf.debPackage() + " (" + conf.conf() + ") for " + kernel.kernel() + "/" + ARCH + " (.config: "
                    + kernel.origin() + "): kmodfarm differs from DKMS 3.2.2\n" + diff(expected, actual));
        }
        assertEquals(expected, actual);
    }

    private ReadResult kmodfarm(PackageConf conf, KernelConfig kernel) {
        String kdir = dir.resolve("install").resolve(kernel.kernel()).resolve("build").toString();
        EvaluationContext context = EvaluationContext.defaults(conf.conf().toString(), conf.module(), conf.version(),
                        kernel.kernel(), ARCH)
                .withWorkingDirectory(dir.toString())
                .withKernel(kdir, kdir + "/.config")
                .withTrees(dir.resolve("dkms").toString(), dir.resolve("src").toString(),
                        dir.resolve("install").toString())
                .withVariables(Map.of("running_distribution", "debian"), DebianDkmsInputs.environment());
        return reader.read(context, ReadMode.STRICT, conf.conf().toString());
    }

    /** kmodfarm's model in the oracle's format (see real-dkms-read-conf.bash). */
    static String render(ReadResult result) {
        StringBuilder s = new StringBuilder();
        if (result instanceof ReadResult.Invalid invalid) {
            s.append("exit=").append(invalid.exitCode()).append('\n');
            return s.append(stderr(String.join("\n", invalid.messages()))).toString();
        }
        DkmsConf c = ((ReadResult.Valid) result).conf();
        s.append("exit=0\n");
        line(s, "package", c.pkg().name());
        line(s, "version", c.pkg().version());
        line(s, "modules", Integer.toString(c.modules().size()));
        for (ModuleSpec m : c.modules()) {
            line(s, "built[" + m.index() + "]", m.builtPath());
            line(s, "dest[" + m.index() + "]", m.destLocation() + "/" + m.destName());
            line(s, "strip[" + m.index() + "]", yes(m.strip()));
        }
        KernelPlan plan = c.plan();
        line(s, "make", plan.makeCommand());
        for (int i = 0; i < plan.patches().size(); i++) {
            line(s, "patch[" + i + "]", plan.patches().get(i));
        }
        c.deprecated().clean().elements().forEach((i, v) -> line(s, "clean[" + i + "]", v));
        line(s, "build_exclude", yes(plan.exclusion().excluded()));
        line(s, "exclusive.kernel", c.exclusive().kernel());
        line(s, "exclusive.kernel_min", c.exclusive().kernelMin());
        line(s, "exclusive.kernel_max", c.exclusive().kernelMax());
        line(s, "exclusive.arch", c.exclusive().arch());
        line(s, "exclusive.config", c.exclusive().config());
        line(s, "obsolete_by", c.obsoleteBy());
        line(s, "autoinstall", yes(c.autoinstall()));
        line(s, "no_weak_modules", yes(c.noWeakModules()));
        line(s, "build_depends_rebuild", yes(c.buildDependsRebuild()));
        for (int i = 0; i < c.buildDepends().size(); i++) {
            line(s, "build_depends[" + i + "]", c.buildDepends().get(i));
        }
        line(s, "pre_build", c.scripts().preBuild());
        line(s, "post_build", c.scripts().postBuild());
        line(s, "post_add", c.scripts().postAdd());
        line(s, "pre_install", c.scripts().preInstall());
        line(s, "post_install", c.scripts().postInstall());
        line(s, "post_remove", c.scripts().postRemove());
        return s.append(stderr(String.join("\n", result.messages()))).toString();
    }

    private static void line(StringBuilder s, String key, String value) {
        s.append(key).append('=').append(value).append('\n');
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    /** Stderr lines, marked, without the final newline bash's output ends with. */
    private static String stderr(String text) {
        StringBuilder s = new StringBuilder();
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (!body.isEmpty()) {
            body.lines().forEach(l -> s.append("stderr: ").append(l).append('\n'));
        }
        return s.toString();
    }

    /** A line diff good enough for outputs of a few dozen lines: every line of either side not in the other. */
    private static String diff(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        StringBuilder s = new StringBuilder();
        e.stream().filter(l -> !a.contains(l)).forEach(l -> s.append("  - dkms:     ").append(l).append('\n'));
        a.stream().filter(l -> !e.contains(l)).forEach(l -> s.append("  + kmodfarm: ").append(l).append('\n'));
        if (s.isEmpty()) {
            s.append("  (same lines, different order or count)\n");
        }
        return s.toString();
    }
}
