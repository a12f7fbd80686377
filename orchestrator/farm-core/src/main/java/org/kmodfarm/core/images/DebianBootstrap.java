package org.kmodfarm.core.images;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.kmodfarm.core.io.Processes;
import org.kmodfarm.model.Arch;
import org.kmodfarm.model.InfraException;

/**
 * Bootstraps a Debian root filesystem with mmdebstrap (writes the tarball directly, about 30 s) or, when only
 * it is installed, debootstrap into a folder that is then packed with tar.
 */
public final class DebianBootstrap implements RootfsBootstrapper {
    private static final Duration LIMIT = Duration.ofMinutes(20);
    private final Consumer<String> log;

    public DebianBootstrap(Consumer<String> log) {
        this.log = log;
    }

    @Override
    public String tool() {
        return Processes.which("mmdebstrap").isPresent() ? "mmdebstrap"
                : Processes.which("debootstrap").isPresent() ? "debootstrap" : "none";
    }

    @Override
    public void bootstrap(String release, Arch arch, URI mirror, boolean checkValidUntil, Path tarball)
            throws InterruptedException {
        switch (tool()) {
            case "mmdebstrap" -> {
                List<String> cmd = new ArrayList<>(List.of("mmdebstrap", "--variant=minbase",
                        "--architectures=" + arch.debian(), "--format=tar"));
                if (!checkValidUntil) {
                    cmd.add("--aptopt=Acquire::Check-Valid-Until \"false\"");
                }
                cmd.addAll(List.of(release, tarball.toString(), mirror.toString()));
                run(cmd, release);
            }
            case "debootstrap" -> debootstrap(release, arch, mirror, tarball);
            default -> throw new InfraException("neither mmdebstrap nor debootstrap is installed, so no base image "
                    + "can be made without a registry", "apt-get install -y mmdebstrap");
        }
    }

    private void debootstrap(String release, Arch arch, URI mirror, Path tarball) throws InterruptedException {
        Path dir;
        try {
            dir = Files.createTempDirectory("kmodfarm-rootfs-");
        } catch (IOException e) {
            throw new InfraException("cannot create a temporary folder: " + e.getMessage(), "check free disk space", e);
        }
        try {
            run(List.of("debootstrap", "--variant=minbase", "--arch=" + arch.debian(), release, dir.toString(),
                    mirror.toString()), release);
            run(List.of("tar", "--numeric-owner", "-C", dir.toString(), "-cf", tarball.toString(), "."), release);
        } finally {
            try {
                Processes.run(List.of("rm", "-rf", "--one-file-system", dir.toString()), LIMIT, line -> { });
            } catch (IOException e) {
                log.accept("could not remove " + dir + ": " + e.getMessage());
            }
        }
    }

    private void run(List<String> cmd, String release) throws InterruptedException {
        Processes.Outcome o;
        try {
            o = Processes.run(cmd, LIMIT, log);
        } catch (IOException e) {
            throw new InfraException("cannot run " + cmd.get(0) + ": " + e.getMessage(),
                    "apt-get install -y " + cmd.get(0), e);
        }
        if (!o.ok()) {
            throw new InfraException(cmd.get(0) + " failed for " + release
                    + (o.timedOut() ? " (timed out)" : " (exit " + o.exitCode() + ")") + ":\n  "
                    + String.join("\n  ", o.tail()),
                    cmd.get(0).equals("mmdebstrap") || cmd.get(0).equals("debootstrap")
                            ? "check the mirror and the release name; bootstrapping needs root (or unprivileged "
                              + "user namespaces for mmdebstrap)" : "check free disk space");
        }
    }
}
