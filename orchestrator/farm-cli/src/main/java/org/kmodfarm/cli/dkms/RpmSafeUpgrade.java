package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.kmodfarm.dkms.tree.ModuleVersion;

/**
 * DKMS 3.2.2's {@code --rpm_safe_upgrade}: during an RPM upgrade the new package's {@code dkms add} runs before
 * the old package's {@code dkms remove} of the same module/version, both under one rpm process. add leaves a
 * lock file naming the module/version and the start time of its caller's caller (rpm); a remove under the same
 * rpm process finds it, deletes it and cancels itself, so the upgrade does not remove what it just added.
 */
final class RpmSafeUpgrade {
    private final Host host;

    RpmSafeUpgrade(Host host) {
        this.host = host;
    }

    /** add's part: {@code $TMPDIR/dkms_rpm_safe_upgrade_lock.PPPID.XXXXXX} with "m-v" and the start time. */
    void lock(ModuleVersion mv) throws IOException {
        long pppid = callersCaller();
        Path lock = Files.createTempFile(tmp(), "dkms_rpm_safe_upgrade_lock." + pppid + ".", "");
        String started = startTime(pppid).map(t -> t + "\n").orElse("");
        Files.writeString(lock, mv.module() + "-" + mv.version() + "\n" + started, StandardCharsets.UTF_8);
    }

    /**
     * remove's part.
     *
     * @throws DkmsExit status 0, "Remove cancelled…", when add's lock for {@code mv} under the same rpm exists
     */
    void cancelIfUpgrading(ModuleVersion mv) throws IOException {
        long pppid = callersCaller();
        Optional<String> started = startTime(pppid);
        if (started.isEmpty()) {
            return;
        }
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(tmp(), "dkms_rpm_safe_upgrade_lock." + pppid
                + ".*")) {
            for (Path lock : locks) {
                List<String> lines = Files.isRegularFile(lock) ? Files.readAllLines(lock) : List.of();
                if (lines.size() >= 2 && lines.get(0).equals(mv.module() + "-" + mv.version())
                        && lines.get(lines.size() - 1).equals(started.get())) {
                    Files.deleteIfExists(lock);
                    throw DkmsExit.die(0, "Remove cancelled because --rpm_safe_upgrade scenario detected.");
                }
            }
        }
    }

    private Path tmp() {
        return Path.of(host.environment().getOrDefault("TMPDIR", "/tmp"));
    }

    /**
     * DKMS's {@code pppid}: the parent of its own parent. DKMS is the bash process itself; here the JVM's parent
     * may be bin/dkms's bash, which passes its own parent as {@code dkms.ppid}.
     */
    private static long callersCaller() throws IOException {
        String given = System.getProperty("dkms.ppid", "");
        long parent = given.isEmpty() ? ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L)
                : Long.parseLong(given);
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(parent), "status"))) {
            if (line.startsWith("PPid:")) {
                return Long.parseLong(line.substring("PPid:".length()).strip());
            }
        }
        return 0;
    }

    /** {@code ps -o lstart --no-headers -p PID}, as DKMS writes and compares it. */
    private static Optional<String> startTime(long pid) {
        try {
            Process ps = new ProcessBuilder("ps", "-o", "lstart", "--no-headers", "-p", String.valueOf(pid))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return ps.waitFor() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
