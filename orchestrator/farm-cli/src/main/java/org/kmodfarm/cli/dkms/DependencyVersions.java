package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.StatusEntry;

/**
 * DKMS 3.2.2's BUILD_DEPENDS_REBUILD bookkeeping: a build records, next to its modules, the version of each
 * BUILD_DEPENDS module it was made against ({@code .dep_<module>}); a later install of another version of
 * that dependency finds the record out of date and has the dependent rebuilt. "The version" is DKMS's: the
 * highest ({@code sort -V}) of all versions of the dependency the tree knows, whatever they are built for.
 * Stateless apart from the tree.
 */
final class DependencyVersions {
    private static final String PREFIX = ".dep_";

    private final DkmsTree tree;

    DependencyVersions(DkmsTree tree) {
        this.tree = tree;
    }

    /** The tail of {@code do_build}: writes the records of a module version just built for {@code target}. */
    void record(ModuleVersion mv, KernelArch target, List<String> buildDepends) throws IOException {
        Path built = Path.of(tree.roots().builtDir(mv, target));
        for (String dependency : buildDepends) {
            Optional<String> version = latest(dependency, target);
            if (version.isPresent()) {
                Files.writeString(built.resolve(PREFIX + dependency), version.get() + "\n", StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * DKMS's {@code check_dependencies_updated}: whether some dependency the tree knows has another version
     * than the one recorded, or was never recorded (a build forced past missing dependencies).
     */
    boolean updated(ModuleVersion mv, KernelArch target, List<String> buildDepends) throws IOException {
        Path built = Path.of(tree.roots().builtDir(mv, target));
        for (String dependency : buildDepends) {
            Optional<String> version = latest(dependency, target);
            if (version.isEmpty()) {
                continue;
            }
            Path recorded = built.resolve(PREFIX + dependency);
            // $(cat …) drops trailing newlines.
            if (!Files.isRegularFile(recorded)
                    || !Files.readString(recorded, StandardCharsets.UTF_8).replaceFirst("\n+$", "")
                            .equals(version.get())) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> latest(String module, KernelArch target) {
        return tree.status(module, "", target.kernel(), target.arch()).stream()
                .map(StatusEntry::moduleVersion).map(ModuleVersion::version).max(VersionSort::compare);
    }
}
