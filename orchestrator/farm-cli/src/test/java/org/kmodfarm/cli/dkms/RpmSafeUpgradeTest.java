package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DKMS's --rpm_safe_upgrade: an add under one rpm process leaves a lock; a remove of the same module/version
 * under the same process is cancelled (exit 0) and consumes the lock; any other remove goes ahead.
 */
class RpmSafeUpgradeTest {
    @TempDir
    Path root;

    DkmsHarness.Result run(DkmsHarness h, Path tmp, String... args) {
        Host host = new Host(h.host.kernelRelease(), h.host.machine(), true, Optional.of("debian"), "",
                Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "TMPDIR", tmp.toString()), root.toString(), "dkms");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--dkmstree", h.dkmsTree, "--sourcetree", h.sourceTree, "--installtree", h.installTree));
        int code = new DkmsCommand(host, DkmsProfile.HOST, new Console(both, both)).run(all.toArray(String[]::new));
        return new DkmsHarness.Result(code, bytes.toString(StandardCharsets.UTF_8));
    }

    static List<Path> locks(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("dkms_rpm_safe_upgrade_lock.")).toList();
        }
    }

    @Test
    void aRemoveDuringTheSameUpgradeIsCancelled() throws IOException {
        DkmsHarness h = new DkmsHarness(root.resolve("tree"));
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Path source = h.writeTestModule();
        Files.move(source, Path.of(h.sourceTree, "dkms_test-1.0"));
        assertEquals(0, run(h, tmp, "add", "-m", "dkms_test", "-v", "1.0", "--rpm_safe_upgrade").code());
        List<Path> locks = locks(tmp);
        assertEquals(1, locks.size());
        assertTrue(Files.readString(locks.get(0)).startsWith("dkms_test-1.0\n"), Files.readString(locks.get(0)));

        DkmsHarness.Result cancelled = run(h, tmp, "remove", "-m", "dkms_test", "-v", "1.0", "--all",
                "--rpm_safe_upgrade");
        assertEquals(0, cancelled.code(), cancelled.output());
        assertTrue(cancelled.output().contains("Remove cancelled because --rpm_safe_upgrade scenario detected."),
                cancelled.output());
        assertEquals(List.of(), locks(tmp), "the lock is used once");
        assertTrue(Files.isDirectory(Path.of(h.dkmsTree, "dkms_test/1.0")), "nothing was removed");

        DkmsHarness.Result removed = run(h, tmp, "remove", "-m", "dkms_test", "-v", "1.0", "--all",
                "--rpm_safe_upgrade");
        assertEquals(0, removed.code(), removed.output());
        assertTrue(removed.output().contains("Deleting module dkms_test/1.0 completely from the DKMS tree."),
                removed.output());
    }
}
