package org.kmodfarm.packaging.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.packaging.MaintainerScript;
import org.kmodfarm.packaging.PackageFile;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.Relation;

/**
 * The source packages DKMS installs from, as Debian's {@code *-dkms} packages are (and DKMS's old mkrpm made
 * them for RPM systems): {@code NAME-dkms}, architecture-independent, the module source under
 * {@code /usr/src/NAME-VERSION}, depending on dkms, with scripts that add, build and install it for every kernel
 * whose headers are installed, and remove it from DKMS before the package goes.
 */
public final class DkmsSourcePackages {
    private DkmsSourcePackages() {
    }

    /**
     * The .deb: postinst on configure, prerm on remove, upgrade and deconfigure.
     *
     * @throws BadInputException when the tree holds no source of the module version
     */
    public static PackageSpec deb(ModuleBuilds builds, String maintainer, Instant time) throws IOException {
        ModuleVersion mv = builds.module();
        return spec(builds, mv.version(), maintainer, time, Map.of(
                MaintainerScript.POSTINST, "#!/bin/sh\nset -e\nif [ \"$1\" = configure ]; then\n" + addBuildInstall(mv)
                        + "fi\n",
                MaintainerScript.PRERM, """
                        #!/bin/sh
                        set -e
                        case "$1" in
                        remove|upgrade|deconfigure)
                        	%s
                        	;;
                        esac
                        """.formatted(remove(mv))));
    }

    /**
     * The noarch RPM ({@code NAME-dkms-VERSION-1.noarch.rpm}, '-' in the version as '_'): %post on every
     * install and upgrade, %preun on erase and on upgrade (rpm runs the old package's %preun then, and the old
     * version must leave DKMS's tree as it does with dpkg).
     *
     * @throws BadInputException when the tree holds no source of the module version
     */
    public static PackageSpec rpm(ModuleBuilds builds, String maintainer, Instant time) throws IOException {
        ModuleVersion mv = builds.module();
        return spec(builds, BinaryModuleRpms.rpmVersion(mv.version()), maintainer, time, Map.of(
                MaintainerScript.POSTINST, addBuildInstall(mv),
                MaintainerScript.PRERM, remove(mv) + "\n"));
    }

    private static PackageSpec spec(ModuleBuilds builds, String version, String maintainer, Instant time,
                                    Map<MaintainerScript, String> scripts) throws IOException {
        ModuleVersion mv = builds.module();
        Path link = builds.tree().root().resolve(mv.name()).resolve(mv.version()).resolve("source");
        if (!Files.isDirectory(link)) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(link), "the tree holds no source of "
                    + mv, "build it from its source first: kmodfarm build SOURCE"));
        }
        Path source = link.toRealPath();
        String prefix = "/usr/src/" + mv.name() + "-" + mv.version();
        List<PackageFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.sorted().toList()) {
                String path = prefix + "/" + source.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    files.add(PackageFile.symlink(path, Files.readSymbolicLink(p).toString()));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(PackageFile.file(path, Files.readAllBytes(p), Files.isExecutable(p) ? 0755 : 0644));
                }
            }
        }
        String license = builds.built().stream().map(BinaryModuleDebs::license).filter(l -> !l.isEmpty())
                .findFirst().orElse("");
        return new PackageSpec(mv.debianName() + "-dkms", version, Optional.empty(), maintainer,
                mv.name() + " kernel module source for DKMS",
                "The source of the kernel module " + mv + ", which DKMS builds and installs for every kernel whose "
                        + "headers are installed, and again for each kernel installed later.",
                "kernel", license, List.of(Relation.of("dkms")), List.of(), List.of(), files, scripts, time);
    }

    /**
     * Adds the module (once: a reconfigure or reinstall finds it added), then builds and installs it for each
     * kernel with headers. A kernel the module does not build for only warns: the package stays installed, as
     * with Debian's dh_dkms, and DKMS tries again when the next kernel arrives.
     */
    private static String addBuildInstall(ModuleVersion mv) {
        return """
                name='%s'
                version='%s'
                if [ -z "$(dkms status -m "$name" -v "$version")" ]; then
                	dkms add -m "$name" -v "$version"
                fi
                for dir in /lib/modules/*; do
                	kernel=${dir##*/}
                	[ -e "$dir/build" ] || continue
                	if dkms build -m "$name" -v "$version" -k "$kernel" && dkms install -m "$name" -v "$version" -k "$kernel"; then
                		:
                	else
                		echo "warning: $name $version did not build or install for kernel $kernel; see /var/lib/dkms/$name/$version/build/make.log" >&2
                	fi
                done
                """.formatted(mv.name(), mv.version());
    }

    /** The version leaves DKMS's tree; a failing dkms must not block removal. */
    private static String remove(ModuleVersion mv) {
        return "dkms remove -m '%s' -v '%s' --all || true".formatted(mv.name(), mv.version());
    }
}
