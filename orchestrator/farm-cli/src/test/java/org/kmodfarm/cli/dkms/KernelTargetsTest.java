package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.dkms.tree.FileDkmsTree;
import org.kmodfarm.dkms.tree.TreeRoots;

/** DKMS's setup_kernels_arches: one arch, given or guessed, goes with every kernel, however many. */
class KernelTargetsTest {
    @TempDir
    Path tmp;

    @Test
    void oneArchGoesWithEveryKernel() {
        DkmsHarness h = new DkmsHarness(tmp);
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        DkmsOptions options = ((ArgParser.Outcome.Parsed) new ArgParser(new Console(sink, sink), h.host)
                .parse(new String[] {"build", "-m", "m", "-v", "1", "-k", "6.1.0-1-amd64", "-k", "6.1.0-2-amd64",
                    "-k", "6.1.0-3-amd64", "--dkmstree", h.dkmsTree})).options();
        KernelTargets targets = KernelTargets.setUp(options, h.host,
                new FileDkmsTree(new TreeRoots(h.dkmsTree, tmp.toString(), tmp.toString())));
        assertEquals(List.of("6.1.0-1-amd64", "6.1.0-2-amd64", "6.1.0-3-amd64"), targets.kernels());
        assertEquals(List.of(h.host.machine(), h.host.machine(), h.host.machine()), targets.arches());
    }
}
