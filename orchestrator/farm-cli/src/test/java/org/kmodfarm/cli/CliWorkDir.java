package org.kmodfarm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.kmodfarm.testkit.LocalMirror;

/**
 * A working directory for CLI tests over fake services: a local mirror whose bookworm suite holds the given
 * headers stanzas, the default and demo matrices resolving against it (every bookworm amd64 kernel), and a
 * stand-in for the cell runner's jar; the environment points at them.
 */
final class CliWorkDir {
    private CliWorkDir() {
    }

    static LocalMirror prepare(Path dir, Map<String, String> env, String bookwormPackages) throws Exception {
        LocalMirror mirror = new LocalMirror(dir.resolve("mirror"));
        mirror.suite("bookworm", bookwormPackages).suite("bookworm-security", "");
        env.put("KMODFARM_MIRROR", mirror.uri().toString());
        env.put("KMODFARM_SECURITY_MIRROR", mirror.uri().toString());
        Files.createDirectories(dir.resolve("kernel-matrix"));
        Files.writeString(dir.resolve("kernel-matrix/debian.yaml"), """
                targets:
                  - release: bookworm
                    suites: [bookworm, bookworm-security]
                    flavours: [amd64]
                    kernels: all
                """);
        Files.copy(dir.resolve("kernel-matrix/debian.yaml"), dir.resolve("kernel-matrix/demo.yaml"));
        Files.writeString(dir.resolve("cell.jar"), "a stand-in for kmodfarm's jar");
        env.put("KMODFARM_CELL_JAR", dir.resolve("cell.jar").toString());
        return mirror;
    }
}
