package org.kmodfarm.packaging.self;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.kmodfarm.packaging.MaintainerScript;
import org.kmodfarm.packaging.PackageFile;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.Relation;

/**
 * kmodfarm itself as a Debian package that takes the place of Debian's {@code dkms}: the jar, {@code
 * /usr/sbin/dkms} (DKMS 3.2.2's command line), {@code /usr/bin/kmodfarm}, the kernel package hooks, the boot
 * service {@code /usr/lib/dkms/dkms_autoinstaller} and {@code /usr/lib/dkms/common.postinst} (which every
 * {@code *-dkms} package made by Debian's dh_dkms runs from its postinst), man pages and bash completion.
 *
 * <p>{@code /usr/share/kmodfarm} is laid out as a checkout is for the launcher ({@code KMODFARM_HOME}): the cell
 * runner next to the jar, the bundled kernel matrices under {@code kernel-matrix/}, the DKMS entry point as
 * {@code bin/dkms}; so the installed {@code kmodfarm} runs farm builds too, given a Docker engine.
 *
 * <p>Relations: {@code Provides: dkms (= 3.2.2)} (the DKMS it behaves as; {@code *-dkms} packages depend on
 * {@code dkms (>= 3.0.3-4~)} or so, which a versioned Provides satisfies), {@code Conflicts}/{@code Replaces:
 * dkms} (the two own the same paths and cannot sit side by side), and what building modules needs: a Java 17
 * runtime, make, a C compiler, kmod, patch (Debian's dkms asks the same but Java).
 */
public final class KmodfarmDeb {
    /** The DKMS release whose command line, messages and exit codes the {@code dkms} entry point keeps. */
    public static final String DKMS_VERSION = "3.2.2";
    static final String HOME = "/usr/share/kmodfarm";
    static final String JAR = HOME + "/kmodfarm.jar";
    private static final String JAVA = "exec java -XX:TieredStopAtLevel=1 -Xshare:auto -Xlog:disable -Xlog:all=off";

    /**
     * What goes into the package besides what this class writes itself.
     *
     * @param version         kmodfarm's version, a Debian version ({@link #debianVersion})
     * @param jar             kmodfarm's runnable jar
     * @param cellJar         the cell runner every build container runs ({@code kmodfarm-cell.jar})
     * @param matrices        the bundled kernel matrices by file name ({@code demo.yaml})
     * @param hooks           the kernel package hooks at their installed paths, calling {@code /usr/sbin/dkms}
     * @param autoinstaller   {@code dkms_autoinstaller}
     * @param commonPostinst  {@code common.postinst}
     * @param manPages        man page path (e.g. {@code /usr/share/man/man1/kmodfarm.1.gz}) → gzipped roff
     * @param bashCompletion  the completion script of {@code kmodfarm}
     * @param maintainer      {@code Name <address>}
     * @param time            the package's one time stamp
     */
    public record Inputs(String version, byte[] jar, byte[] cellJar, Map<String, byte[]> matrices,
                         List<PackageFile> hooks, byte[] autoinstaller,
                         byte[] commonPostinst, Map<String, byte[]> manPages, byte[] bashCompletion,
                         String maintainer, Instant time) {
        public Inputs {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(jar, "jar");
            Objects.requireNonNull(cellJar, "cellJar");
            matrices = Map.copyOf(new TreeMap<>(matrices));
            Objects.requireNonNull(autoinstaller, "autoinstaller");
            Objects.requireNonNull(commonPostinst, "commonPostinst");
            Objects.requireNonNull(bashCompletion, "bashCompletion");
            Objects.requireNonNull(time, "time");
            hooks = List.copyOf(hooks);
            manPages = Map.copyOf(new TreeMap<>(manPages));
        }
    }

    private KmodfarmDeb() {
    }

    /**
     * Maven's {@code 0.1.0-SNAPSHOT} as a Debian version: {@code 0.1.0~snapshot} (a pre-release sorts before
     * {@code 0.1.0}; a '-' would make {@code SNAPSHOT} a Debian revision).
     */
    public static String debianVersion(String mavenVersion) {
        return mavenVersion.replace("-SNAPSHOT", "~snapshot").replace('-', '~');
    }

    /** The package's spec; the writer is the ordinary {@link org.kmodfarm.packaging.deb.DebWriter}. */
    public static PackageSpec spec(Inputs in) {
        List<PackageFile> files = new ArrayList<>(in.hooks());
        files.add(PackageFile.file(JAR, in.jar(), 0644));
        files.add(PackageFile.file(HOME + "/kmodfarm-cell.jar", in.cellJar(), 0644));
        new TreeMap<>(in.matrices()).forEach((name, yaml) -> files.add(PackageFile.file(HOME + "/kernel-matrix/"
                + name, yaml, 0644)));
        files.add(PackageFile.symlink(HOME + "/bin/dkms", "../../../sbin/dkms"));
        files.add(PackageFile.file("/usr/sbin/dkms", script("kmodfarm's DKMS entry point: DKMS " + DKMS_VERSION
                + "'s command line, messages and exit codes", "", "\"-Ddkms.argv0=$0\" \"-Ddkms.ppid=$PPID\" -cp " + JAR
                + " org.kmodfarm.cli.dkms.DkmsMain \"$@\""), 0755));
        files.add(PackageFile.file("/usr/bin/kmodfarm", script("kmodfarm's farm command line",
                ": \"${KMODFARM_HOME:=" + HOME + "}\"\nexport KMODFARM_HOME\n", "-cp " + JAR
                        + " org.kmodfarm.cli.Main \"$@\""), 0755));
        files.add(PackageFile.file("/usr/lib/dkms/dkms_autoinstaller", in.autoinstaller(), 0755));
        files.add(PackageFile.file("/usr/lib/dkms/common.postinst", in.commonPostinst(), 0755));
        in.manPages().forEach((path, page) -> files.add(PackageFile.file(path, page, 0644)));
        files.add(PackageFile.file("/usr/share/bash-completion/completions/kmodfarm", in.bashCompletion(), 0644));
        return new PackageSpec("kmodfarm", in.version(), Optional.empty(), in.maintainer(),
                "DKMS re-implemented: builds out-of-tree kernel modules (replaces dkms)",
                "kmodfarm's dkms command keeps DKMS " + DKMS_VERSION + "'s command line, messages and exit codes, so "
                        + "the *-dkms packages of the archive install, build and remove their modules through it; "
                        + "kernel packages build them for each new kernel through its hooks.\n\n"
                        + "The kmodfarm command builds modules for whole matrices of distribution kernels in "
                        + "containers (it needs a Docker engine, such as the docker.io package) and packages the "
                        + "results (deb, rpm, SUSE KMP, driver update disks, DKMS tarballs).",
                // the repository declares no licence yet: the copyright file says so rather than guess one
                "admin", "",
                List.of(Relation.of("java17-runtime-headless"), Relation.of("make"), Relation.of("c-compiler"),
                        Relation.of("kmod"), Relation.of("patch")),
                List.of(Relation.exactly("dkms", DKMS_VERSION)), List.of(Relation.of("dkms")), files,
                Map.of(MaintainerScript.POSTINST, POSTINST), in.time());
    }

    /** DKMS's tree must exist before the first {@code dkms add}; Debian's dkms package makes it the same way. */
    private static final String POSTINST = """
            #!/bin/sh
            set -e
            if [ "$1" = configure ]; then
            	install -d -m 0755 /var/lib/dkms
            fi
            """;

    /** @param environment shell lines run before java; may be empty */
    private static byte[] script(String what, String environment, String javaArguments) {
        return ("#!/bin/sh\n# " + what + " (installed by the kmodfarm package).\n" + environment + JAVA + " "
                + javaArguments + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
