package org.kmodfarm.core.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.model.AptSource;
import org.kmodfarm.model.Arch;
import org.kmodfarm.model.DebianVersion;
import org.kmodfarm.model.KernelRelease;
import org.kmodfarm.model.KernelTarget;

class WatchStateTest {
    @TempDir
    Path root;

    private static KernelTarget kernel(String release) {
        return new KernelTarget("bookworm", "debian", "bookworm", "bookworm", Arch.AMD64, "amd64",
                KernelRelease.parse(release), "linux-headers-" + release, new DebianVersion("6.1.1-1"),
                "linux-compiler-gcc-12-x86", "gcc-12",
                List.of(new AptSource(URI.create("http://deb.example/debian"), "bookworm")));
    }

    @Test
    void kernelsAppearLeaveAndComeBackAndTheStateSurvivesAReread() throws Exception {
        FarmTree tree = new FarmTree(root);
        Path matrix = Path.of("kernel-matrix/debian.yaml");
        WatchState empty = WatchState.read(tree, matrix);
        KernelChanges first = empty.compare(List.of(kernel("6.1.0-47-amd64"), kernel("6.1.0-48-amd64")));
        assertEquals(2, first.appeared().size());
        empty.next(first, "2026-01-01T00:00:00Z", "run-1").write(tree, matrix);

        WatchState one = WatchState.read(tree, matrix);
        assertEquals("run-1", one.lastRun());
        KernelChanges second = one.compare(List.of(kernel("6.1.0-48-amd64"), kernel("6.1.0-49-amd64")));
        assertEquals(List.of("6.1.0-49-amd64"), second.appeared().stream().map(t -> t.kernel().value()).toList());
        assertEquals(List.of("6.1.0-47-amd64"), second.gone().stream().map(KnownKernel::kernel).toList());
        WatchState two = one.next(second, "2026-01-02T00:00:00Z", null);
        assertEquals("run-1", two.lastRun(), "nothing ran: the last run stays");
        KnownKernel k47 = two.kernels().get(0);
        assertEquals("2026-01-02T00:00:00Z", k47.goneSince());
        assertEquals("2026-01-01T00:00:00Z", k47.lastSeen());
        assertEquals(List.of(), two.compare(List.of(kernel("6.1.0-48-amd64"), kernel("6.1.0-49-amd64"))).gone(),
                "a gone kernel is announced once");

        KernelChanges back = two.compare(List.of(kernel("6.1.0-47-amd64")));
        assertEquals(1, back.appeared().size(), "a kernel that returns is news again");
        WatchState three = two.next(back, "2026-01-03T00:00:00Z", "run-3");
        assertNull(three.kernels().get(0).goneSince());
        assertEquals("2026-01-01T00:00:00Z", three.kernels().get(0).firstSeen());
        assertEquals(3, three.kernels().size(), "known kernels are never dropped");
    }
}
