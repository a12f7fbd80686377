package org.kmodfarm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.cli.dkms.Usage;
import org.kmodfarm.core.io.AtomicFiles;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.packaging.PackageFile;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.deb.DebWriter;
import org.kmodfarm.packaging.module.PackagingOptions;
import org.kmodfarm.packaging.self.KmodfarmDeb;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kmodfarm package-self}: kmodfarm as a Debian package in place of Debian's dkms ({@link KmodfarmDeb}),
 * with man pages and bash completion made from this very command line. "package-self" rather than another
 * mk* verb: the mk* verbs package a module version of the tree, this one packages the tool.
 */
@Command(name = "package-self", mixinStandardHelpOptions = true,
        description = {"Makes kmodfarm's own Debian package, kmodfarm_VERSION_all.deb, which replaces Debian's dkms "
                + "(Provides: dkms (= " + KmodfarmDeb.DKMS_VERSION + "), Conflicts/Replaces: dkms): the jar, "
                + "/usr/sbin/dkms, /usr/bin/kmodfarm (with the cell runner and the bundled kernel matrices, so "
                + "that it runs farm builds on a host with a Docker engine), the kernel package hooks (/etc/kernel/*.d/dkms, the "
                + "kernel-install plugin), /usr/lib/dkms/dkms_autoinstaller and common.postinst (which the *-dkms "
                + "packages' postinst runs), man pages (kmodfarm(1), one per command, and dkms(8)) and bash "
                + "completion. Depends on a Java 17 runtime, make, a C compiler, kmod and patch.",
                "Byte-reproducible: every time stamp is SOURCE_DATE_EPOCH, else the jar's own (Maven's pinned "
                        + "outputTimestamp).",
                "Exit: 0 package written, 2 bad input (no jar to package)."})
final class PackageSelfCommand implements Callable<Integer> {
    private static final String BUILT_JAR = "orchestrator/farm-cli/target/kmodfarm.jar";
    private static final String CELL_JAR = "kmodfarm-cell.jar";
    /** The matrices of kernel-matrix/ (packed into the jar), so that the installed kmodfarm has its defaults. */
    private static final List<String> MATRICES = List.of("debian.yaml", "demo.yaml");
    private final Context context;

    @Spec
    CommandSpec spec;

    @Option(names = "--jar", paramLabel = "FILE", description = "kmodfarm's runnable jar to package (default: the "
            + "jar this kmodfarm runs from, else " + BUILT_JAR + " under KMODFARM_HOME).")
    Path jar;

    @Mixin
    PackageOutput output;

    @Mixin
    MaintainerOption maintainer;

    PackageSelfCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        PackagingOptions options = maintainer.options(context);
        Path jarFile = jarFile();
        Instant time = options.timeOr(jarTime(jarFile));
        String version = KmodfarmDeb.debianVersion(VersionProvider.version());
        CommandLine root = spec.root().commandLine();
        Map<String, byte[]> manPages = new TreeMap<>();
        for (Map.Entry<String, String> page : ManPages.of(root, version, time).entrySet()) {
            manPages.put("/usr/share/man/man1/" + page.getKey() + ".1.gz", gzip(page.getValue()));
        }
        manPages.put("/usr/share/man/man8/dkms.8.gz", gzip(ManPages.dkmsPage(Usage.text("dkms"),
                KmodfarmDeb.DKMS_VERSION, version, time)));
        PackageSpec deb;
        try {
            deb = KmodfarmDeb.spec(new KmodfarmDeb.Inputs(version, Files.readAllBytes(jarFile),
                    Files.readAllBytes(cellJar(jarFile)), matrices(), hooks(),
                    resource("/bin/dkms_autoinstaller"), resource("/hooks/debian/common.postinst"), manPages,
                    AutoComplete.bash("kmodfarm", root).getBytes(StandardCharsets.UTF_8),
                    options.maintainer(), time));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(jarFile), "cannot package kmodfarm: "
                    + e.getMessage(), "set a valid packaging.maintainer (--maintainer 'Name <address@host>')"));
        }
        DebWriter writer = new DebWriter();
        Path file = output.folder(context, context.tree().resolve(".kmodfarm/packages/kmodfarm"))
                .resolve(writer.fileName(deb));
        AtomicFiles.write(file, writer.write(deb));
        PackageOutput.report(context, List.of(file));
        return ExitCodes.OK;
    }

    private Path jarFile() {
        List<Path> candidates = new ArrayList<>();
        if (jar != null) {
            candidates.add(context.resolvePath(jar));
        } else {
            RunningJar.path().ifPresent(candidates::add);
            context.home().ifPresent(h -> candidates.add(h.resolve(BUILT_JAR)));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new BadInputException(
                new Problem(SourceLocation.wholeFile(candidates.isEmpty() ? Path.of(BUILT_JAR) : candidates.get(0)),
                        "no kmodfarm jar to package (looked at " + candidates + ")",
                        "build it (scripts/ensure-jar) or name it with --jar FILE")));
    }

    /** The cell runner built with the jar, beside it (mvn package makes both in one folder). */
    private static Path cellJar(Path jarFile) {
        Path cell = jarFile.resolveSibling(CELL_JAR);
        if (!Files.isRegularFile(cell)) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(jarFile), "no " + CELL_JAR + " beside "
                    + "the jar: the package needs the cell runner built with it, which every build container runs",
                    "give the jar of a complete build (mvn package makes both in " + Path.of(BUILT_JAR).getParent()
                            + "), or copy " + CELL_JAR + " next to it"));
        }
        return cell;
    }

    private static Map<String, byte[]> matrices() throws IOException {
        Map<String, byte[]> all = new TreeMap<>();
        for (String name : MATRICES) {
            all.put(name, resource("/kernel-matrix/" + name));
        }
        return all;
    }

    /** The time the jar's manifest carries: Maven's outputTimestamp, the same for every build of one commit. */
    private static Instant jarTime(Path jarFile) throws IOException {
        try (ZipFile zip = new ZipFile(jarFile.toFile())) {
            ZipEntry manifest = zip.getEntry("META-INF/MANIFEST.MF");
            if (manifest == null) {
                throw new BadInputException(new Problem(SourceLocation.wholeFile(jarFile), "not a runnable jar: it "
                        + "has no META-INF/MANIFEST.MF", "give kmodfarm's jar: --jar " + BUILT_JAR));
            }
            return Instant.ofEpochSecond(manifest.getLastModifiedTime().toInstant().getEpochSecond());
        } catch (java.util.zip.ZipException e) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(jarFile), "not a jar file: "
                    + e.getMessage(), "give kmodfarm's jar: --jar " + BUILT_JAR + " (scripts/ensure-jar builds it)"));
        }
    }

    /** The kernel hooks as they go into the package, running the package's /usr/sbin/dkms. */
    private static List<PackageFile> hooks() {
        return KernelHooks.render("/usr/sbin/dkms").stream().map(h -> PackageFile.file(h.target(), h.content(),
                h.mode().contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644)).toList();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PackageSelfCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from kmodfarm's jar");
            }
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(String text) {
        return Compression.GZIP.compress(text.getBytes(StandardCharsets.UTF_8));
    }
}
