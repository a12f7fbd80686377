package org.kmodfarm.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.farm.CellId;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.CellTimings;
import org.kmodfarm.core.farm.Digests;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.farm.ModuleInfo;
import org.kmodfarm.model.AptSource;
import org.kmodfarm.model.Arch;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.DebianVersion;
import org.kmodfarm.model.KernelRelease;
import org.kmodfarm.model.KernelTarget;
import org.kmodfarm.model.LoadVerdict;

/** The scheduler and the tester over a fake machine: bounded machines, order kept, interruption, no kit. */
class LoadRunTest {
    @TempDir
    Path dir;

    private FarmTree tree;
    private KitSource kits;
    private KernelImages images;

    private void setUp(Set<String> withoutImage) throws Exception {
        tree = new FarmTree(dir.resolve("tree"));
        Path vmlinuz = Files.write(dir.resolve("vmlinuz"), new byte[] {1});
        PackageRef pkg = new PackageRef("linux-image-x", "1", URI.create("file:///x.deb"), "a".repeat(64), 1);
        kits = target -> withoutImage.contains(target.kernel().value())
                ? KernelKit.unavailable("no linux-image-" + target.kernel().value(), false)
                : new KernelKit(new KernelImage(target.kernel().value(), pkg, vmlinuz, "CONFIG_MODULE_DECOMPRESS=y\n",
                        Set.of(), Map.of()), new byte[] {2}, pkg, "", false);
        images = new KernelImages(dir.resolve("cache"), new DebCache(dir.resolve("debs"), uri -> Optional.empty()));
    }

    private LoadCell cell(String module, String kernel) throws Exception {
        byte[] ko = ("fake module " + module).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String sha = Digests.sha256(ko);
        Files.createDirectories(tree.object(sha).getParent());
        Files.write(tree.object(sha), ko);
        CellResult build = new CellResult(CellResult.SCHEMA, new CellId(module, "1.0", kernel, "x86_64"), null,
                CellOutcome.BUILT, "", 1, new CellTimings(0, 0, 0, 0), null, "key-" + module + kernel, "", "build", 0,
                "", List.of(new ModuleInfo(module + ".ko", sha, ko.length, module, "1.0", "", "", "GPL", List.of(),
                List.of())), null, "", "", false, "", "run", "", "", "", null, null);
        KernelTarget target = new KernelTarget("g", "debian", "bookworm", "bookworm", Arch.parse("amd64"), "amd64",
                KernelRelease.parse(kernel), "linux-headers-" + kernel, new DebianVersion("1"), "gcc-12", "gcc-12",
                List.of(new AptSource(URI.create("http://deb.debian.org/debian"), "bookworm")));
        return new LoadCell(build, target);
    }

    private LoadTester tester(FakeVm vm) {
        return new LoadTester(tree, kits, images, vm, new LoadSettings(Accel.TCG, 256, Duration.ofSeconds(5)),
                Clock.systemUTC());
    }

    @Test
    void neverRunsMoreMachinesThanAskedAndKeepsTheOrder() throws Exception {
        setUp(Set.of());
        List<LoadCell> cells = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            cells.add(cell("m" + i, "6.1.0-" + (40 + i) + "-amd64"));
        }
        FakeVm vm = new FakeVm();
        List<String> told = Collections.synchronizedList(new ArrayList<>());
        List<LoadTester.Result> results = new LoadRun(tester(vm), 3, (c, r) -> told.add(c.build().cell().module()))
                .run(cells, "run-1");
        assertEquals(8, results.size());
        for (int i = 0; i < 8; i++) {
            LoadReport r = results.get(i).report();
            assertEquals("m" + i, r.cell().module());
            assertEquals(LoadVerdict.LOADED, r.verdict(), r.reason());
            assertEquals("O", r.taintFlags());
            assertTrue(r.kernelDecompress());
        }
        assertEquals(8, told.size());
        assertTrue(vm.mostAtOnce.get() <= 3 && vm.mostAtOnce.get() >= 2, "at most 3 machines: " + vm.mostAtOnce);
    }

    @Test
    void aKernelWithoutImageIsNotTestedAndNoMachineStarts() throws Exception {
        setUp(Set.of("6.1.0-40-amd64"));
        FakeVm vm = new FakeVm();
        LoadReport r = new LoadRun(tester(vm), 1, (c, res) -> { }).run(List.of(cell("m", "6.1.0-40-amd64")), "r")
                .get(0).report();
        assertEquals(LoadVerdict.NOT_TESTED, r.verdict());
        assertEquals("no linux-image-6.1.0-40-amd64", r.reason());
        assertTrue(!r.infrastructure());
        assertEquals(0, vm.mostAtOnce.get());
    }

    @Test
    void anInterruptionStopsEveryRunningMachine() throws Exception {
        setUp(Set.of());
        FakeVm vm = new FakeVm();
        vm.hang = true;
        List<LoadCell> cells = List.of(cell("a", "6.1.0-40-amd64"), cell("b", "6.1.0-41-amd64"));
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                vm.started.await();
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            caller.interrupt();
        });
        interrupter.start();
        assertThrows(InterruptedException.class, () -> new LoadRun(tester(vm), 2, (c, r) -> { }).run(cells, "r"));
        interrupter.join();
        assertEquals(0, vm.running.get(), "no machine outlives the run");
        assertEquals(vm.mostAtOnce.get(), vm.interrupted.get());
    }

    @Test
    void machinesAreBoundedByCoresAndMemory() {
        long gib = 1L << 30;
        assertEquals(2, LoadRun.machines(8, 2, 16 * gib, 512));
        assertEquals(1, LoadRun.machines(8, 8, 1 * gib, 512));
        assertEquals(5, LoadRun.machines(8, 8, 8 * gib, 512), "half of 8 GiB holds five 512 MiB guests and their emulators");
        assertEquals(1, LoadRun.machines(1, 8, 64 * gib, 512));
    }
}
