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
 * The source package DKMS installs from, as Debian's {@code *-dkms} packages are: {@code NAME-dkms}, the module
 * source under {@code /usr/src/NAME-VERSION}, depending on dkms, with maintainer scripts that add, build and
 * install it for every kernel whose headers are installed, and remove it before the package goes.
 */
public final class DkmsSourceDeb {
    private DkmsSourceDeb() {
    }

    /**
     * @throws BadInputException when the tree holds no source of the module version
     */
    public static PackageSpec spec(ModuleBuilds builds, String maintainer, Instant time) throws IOException {
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
        return new PackageSpec(mv.debianName() + "-dkms", mv.version(), Optional.empty(), maintainer,
                mv.name() + " kernel module source for DKMS",
                "The source of the kernel module " + mv + ", which DKMS builds and installs for every kernel whose "
                        + "headers are installed, and again for each kernel installed later.",
                "kernel", license, List.of(Relation.of("dkms")), List.of(), List.of(), files,
                Map.of(MaintainerScript.POSTINST, postinst(mv), MaintainerScript.PRERM, prerm(mv)), time);
    }

    /**
     * Adds the module (once: a reconfigure finds it added), then builds and installs it for each kernel with
     * headers. A kernel the module does not build for only warns: the package stays installed, as with
     * Debian's dh_dkms, and DKMS tries again when the next kernel arrives.
     */
    private static String postinst(ModuleVersion mv) {
        return """
                #!/bin/sh
                set -e
                name='%s'
                version='%s'
                if [ "$1" = configure ]; then
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
                fi
                """.formatted(mv.name(), mv.version());
    }

    /** On removal and upgrade the old version leaves DKMS's tree; a failing dkms must not block removal. */
    private static String prerm(ModuleVersion mv) {
        return """
                #!/bin/sh
                set -e
                case "$1" in
                remove|upgrade|deconfigure)
                	dkms remove -m '%s' -v '%s' --all || true
                	;;
                esac
                """.formatted(mv.name(), mv.version());
    }
}
