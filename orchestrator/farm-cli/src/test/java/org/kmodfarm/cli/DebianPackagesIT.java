package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.model.CellOutcome;

/**
 * Real Debian {@code *-dkms} packages, downloaded from the mirror at test time, built by the farm straight from
 * their .deb files for the demo matrix (bookworm's newest 6.1 ABI and bookworm-backports' 6.12): every module
 * builds on 6.1 (as Debian's own DKMS builds them there), every built module's vermagic is its kernel's (read
 * by the host's modinfo), a failure names its first compiler error, and a second run is served by the cache.
 */
class DebianPackagesIT {
    static final List<String> PACKAGES = List.of("acpi-call-dkms", "vpoll-dkms", "v4l2loopback-dkms");
    @TempDir
    Path work;
    String out;
    String err;

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(args, work, Map.of("KMODFARM_HOME", RealFarmIT.repo("").toString()),
                DockerServices::new, new PrintWriter(o), new PrintWriter(e));
        out = o.toString();
        err = e.toString();
        return code;
    }

    List<Path> download() throws Exception {
        Path debs = Files.createDirectories(work.resolve("debs"));
        List<String> command = new ArrayList<>(List.of("apt-get", "download", "-q"));
        command.addAll(PACKAGES);
        if (exec(command, debs) != 0) {
            // A machine whose package lists were never fetched knows no package yet.
            exec(List.of("apt-get", "update", "-qq"), debs);
            assertEquals(0, exec(command, debs), "apt-get download " + PACKAGES);
        }
        try (Stream<Path> files = Files.list(debs)) {
            return files.sorted().toList();
        }
    }

    @Test
    void buildsRealPackagesFromTheirDebs() throws Exception {
        List<String> args = new ArrayList<>(List.of("build"));
        download().forEach(d -> args.add(d.toString()));
        args.addAll(List.of("--matrix", RealFarmIT.repo("kernel-matrix/demo.yaml").toString(), "--keep-going"));
        int code = run(args.toArray(String[]::new));
        assertTrue(code == ExitCodes.OK || code == ExitCodes.FAILED, "exit " + code + "\n" + err + out);

        List<CellResult> cells = results();
        assertEquals(PACKAGES.size() * 2, cells.size(), out);
        for (CellResult c : cells) {
            if (c.cell().kernel().startsWith("6.1.")) {
                assertEquals(CellOutcome.BUILT, c.outcome(), c.cell() + ": " + c.reason());
            }
            if (c.outcome() == CellOutcome.BUILT) {
                Path dir = work.resolve("results").resolve(c.cell().path()).resolve("module");
                for (var m : c.modules()) {
                    assertTrue(m.vermagic().startsWith(c.cell().kernel() + " "), c.cell() + " " + m.vermagic());
                    assertEquals(m.vermagic(), modinfoVermagic(dir.resolve(m.file())), c.cell().toString());
                }
            } else {
                assertEquals(CellOutcome.FAILED, c.outcome(), c.cell() + ": " + c.reason());
                assertNotNull(c.firstError(), c.cell() + " failed without a first error");
            }
        }
        assertEquals(code, run(args.toArray(String[]::new)), err + out);
        assertTrue(out.contains(PACKAGES.size() * 2 + " from the cache"), out);
    }

    private static int exec(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    private List<CellResult> results() throws IOException {
        try (Stream<Path> files = Files.walk(work.resolve("results/.kmodfarm/cells"))) {
            List<CellResult> all = new ArrayList<>();
            for (Path p : files.filter(f -> f.getFileName().toString().equals("result.json")).toList()) {
                all.add(FarmTree.readJson(p, CellResult.class));
            }
            return all;
        }
    }

    private static String modinfoVermagic(Path ko) throws Exception {
        Process p = new ProcessBuilder("modinfo", "-F", "vermagic", ko.toString()).redirectErrorStream(true).start();
        String vermagic = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), vermagic);
        return vermagic;
    }
}
