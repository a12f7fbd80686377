package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs DKMS 3.2.2's own upstream test suite ({@code run_test.sh}) through {@code scripts/dkms-upstream-tests},
 * one disposable root container per block on the newest bookworm 6.1 kernel (image
 * {@code kmodfarm/dkms-test:KERNEL-HASH}, see {@code images/dkms-test/}).
 *
 * <p>Two parts: {@code basic} and {@code malformed} against DKMS 3.2.2 itself, installed from the upstream
 * tarball, which proves the <em>harness</em> (source download and cache, test image, per-block containers,
 * the DESIGN.md §5 priming line); then the script's blocks against kmodfarm's {@code bin/dkms}: the eight the
 * DKMS issue names and the signing, autoinstall and dependency blocks of the DKMS part 2 issue, which is what
 * "DKMS mode matches DKMS 3.2.2" means (DESIGN.md §4: the upstream suite is the judge); the full tier adds the
 * multiple-module and replace blocks.
 *
 * <p>Run time when the test image exists, on a quiet machine: about 15 minutes in the test command (the
 * reference part and kmodfarm's 13 blocks), 3 more in the full tier; the first run on a machine also fetches
 * the source (about 1 s) and builds the test image (about 70 s).
 */
class DkmsUpstreamSuiteIT {

    static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    static final Path SCRIPT = REPO.resolve("scripts/dkms-upstream-tests");

    record Result(int code, String output) {}

    static Result run(long timeoutMinutes, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(SCRIPT.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("dkms-upstream-tests", ".out");
        try {
            Process p = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("timed out after " + timeoutMinutes + " min:\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    @Timeout(value = 25, unit = TimeUnit.MINUTES)
    void basicAndMalformedBlocksPass() throws Exception {
        Result r = run(20, "--dkms", "real", "basic", "malformed");
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().lines().anyMatch(l -> l.startsWith("basic pass")), r.output());
        assertTrue(r.output().lines().anyMatch(l -> l.startsWith("malformed pass")), r.output());
        assertTrue(r.output().contains("2 passed, 0 failed"), r.output());
    }

    /**
     * The acceptance criterion: kmodfarm's own {@code bin/dkms} passes the script's default blocks, byte for byte
     * (about 30 minutes).
     */
    @Test
    @Timeout(value = 45, unit = TimeUnit.MINUTES)
    void kmodfarmsDkmsPassesTheDefaultBlocks() throws Exception {
        passes(40, "basic", "malformed", "multiversion", "noversion", "exclusive", "os-release", "incomplete",
                "broken", "signing", "autoinstall", "noautoinstall", "dependencies", "rebuild_dependencies");
    }

    /**
     * The longest blocks, in the full tier: {@code multiple} (several modules in one tree) and
     * {@code replace}, which no open issue changes (together 3 to 8 minutes, as busy as the machine is).
     */
    @Test
    @Tag("full")
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void kmodfarmsDkmsPassesTheLongBlocks() throws Exception {
        passes(15, "multiple", "replace");
    }

    private static void passes(long timeoutMinutes, String... blocks) throws Exception {
        List<String> args = new ArrayList<>(List.of("--dkms", "kmodfarm"));
        args.addAll(List.of(blocks));
        Result r = run(timeoutMinutes, args.toArray(String[]::new));
        assertEquals(0, r.code(), r.output());
        for (String block : blocks) {
            assertTrue(r.output().lines().anyMatch(l -> l.startsWith(block + " pass")), r.output());
        }
        assertTrue(r.output().contains(blocks.length + " passed, 0 failed"), r.output());
    }

    @Test
    void rejectsUnknownBlocksAndModes() throws Exception {
        Result mode = run(2, "--dkms", "nonsense");
        assertEquals(2, mode.code(), mode.output());
        assertTrue(mode.output().contains("--dkms must be 'real' or 'kmodfarm'"), mode.output());
        Result block = run(5, "--dkms", "real", "no_such_block");
        assertEquals(2, block.code(), block.output());
        assertTrue(block.output().contains("unknown block 'no_such_block'"), block.output());
    }
}
