package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.testkit.TestFiles;

/**
 * {@code kmodfarm autoinstall} on the real engine with the demo kernels' builder images: examples/symbol-consumer
 * calls a symbol examples/symbol-provider exports and names it in BUILD_DEPENDS. Registered in a tree by one
 * {@code build} (where the consumer alone fails, as DKMS does without its dependency), autoinstall builds the
 * provider first on each kernel and hands its Module.symvers to the consumer's make; the host's modinfo reads
 * the dependency from the consumer's .ko. With the provider broken, the consumer is SKIPPED with DKMS's reason.
 */
class AutoinstallIT {
    private static final String PROVIDER = "kmodfarm-provider/1.0";
    private static final String CONSUMER = "kmodfarm-consumer/1.0";

    @TempDir
    Path work;
    final RealCli.Session cli = new RealCli.Session(() -> work);

    private static String matrix() {
        return RealFarmIT.repo("kernel-matrix/demo.yaml").toString();
    }

    private List<CellResult> records(String tree, String module) throws IOException {
        try (Stream<Path> files = Files.walk(work.resolve(tree).resolve(".kmodfarm/cells").resolve(module))) {
            List<CellResult> all = new java.util.ArrayList<>();
            for (Path r : files.filter(p -> p.getFileName().toString().equals("result.json")).sorted().toList()) {
                all.add(FarmTree.readJson(r, CellResult.class));
            }
            return all;
        }
    }

    private static String modinfo(String field, Path ko) throws IOException, InterruptedException {
        return PackagingIT.exec(ko.getParent(), "modinfo", "-F", field, ko.toString()).output().strip();
    }

    @Test
    void buildsTheDependencyFirstAndLinksTheDependentAgainstItsSymbols() throws Exception {
        assertEquals(ExitCodes.FAILED, cli.run("--tree", "good", "build", RealFarmIT.repo("examples/symbol-provider")
                .toString(), RealFarmIT.repo("examples/symbol-consumer").toString(), "--matrix", matrix(),
                "--keep-going"), cli.out());
        assertTrue(records("good", CONSUMER).stream().allMatch(r -> r.dkmsStatus() == 13),
                "built alone, the consumer stops at DKMS's BUILD_DEPENDS check: " + cli.out());

        assertEquals(ExitCodes.OK, cli.run("--tree", "good", "autoinstall", "--matrix", matrix(), "-j", "2"),
                cli.out());
        assertTrue(cli.out().contains("autoinstall: " + PROVIDER + " " + CONSUMER), cli.out());
        List<CellResult> consumer = records("good", CONSUMER);
        assertEquals(2, consumer.size(), cli.out());
        assertEquals(2, records("good", PROVIDER).size(), cli.out());
        for (CellResult c : consumer) {
            assertEquals(CellOutcome.BUILT, c.outcome(), c.reason() + "\n" + cli.out());
            Path cell = work.resolve("good").resolve(c.cell().path());
            Path ko;
            try (Stream<Path> files = Files.list(cell.resolve("module"))) {
                ko = files.filter(p -> p.getFileName().toString().startsWith("kmodfarm_consumer.ko")).findFirst()
                        .orElseThrow();
            }
            assertEquals("kmodfarm_provider", modinfo("depends", ko), ko.toString());
            assertTrue(modinfo("vermagic", ko).startsWith(c.cell().kernel() + " "), ko.toString());
            String makeLog = Files.readString(cell.resolve("log/make.log"));
            assertFalse(makeLog.contains("undefined"), makeLog);
            assertTrue(makeLog.contains("kmodfarm_consumer"), makeLog);
            assertTrue(c.reproducer().startsWith("./kmodfarm autoinstall --matrix "), c.reproducer());
        }
        // A run with nothing changed is served by the cache, the consumer's key included.
        assertEquals(ExitCodes.OK, cli.run("--tree", "good", "autoinstall", "--matrix", matrix()), cli.out());
        assertTrue(cli.out().contains("4 from the cache"), cli.out());
        assertEquals(ExitCodes.OK, cli.run("--tree", "good", "history", CONSUMER), cli.out());
    }

    @Test
    void aBrokenDependencySkipsItsDependentWithDkmsReason() throws Exception {
        Path broken = work.resolve("broken-provider");
        for (String f : List.of("dkms.conf", "Makefile", "kmodfarm_provider.c")) {
            TestFiles.write(broken.resolve(f), Files.readString(RealFarmIT.repo("examples/symbol-provider")
                    .resolve(f)));
        }
        Files.writeString(broken.resolve("kmodfarm_provider.c"), "this is not C;\n",
                java.nio.file.StandardOpenOption.APPEND);
        cli.run("--tree", "bad", "build", broken.toString(), RealFarmIT.repo("examples/symbol-consumer").toString(),
                "--matrix", matrix(), "--keep-going");
        assertEquals(ExitCodes.FAILED, cli.run("--tree", "bad", "autoinstall", "--matrix", matrix(), "--keep-going"),
                cli.out());
        for (CellResult p : records("bad", PROVIDER)) {
            assertEquals(CellOutcome.FAILED, p.outcome(), cli.out());
        }
        List<CellResult> consumer = records("bad", CONSUMER);
        assertEquals(2, consumer.size(), cli.out());
        for (CellResult c : consumer) {
            assertEquals(CellOutcome.SKIPPED, c.outcome(), cli.out());
            assertEquals(CONSUMER + " autoinstall failed due to missing dependencies: kmodfarm-provider.",
                    c.reason());
            assertFalse(Files.exists(work.resolve("bad").resolve(c.cell().path())), "no DKMS folder for a skip");
        }
    }
}
