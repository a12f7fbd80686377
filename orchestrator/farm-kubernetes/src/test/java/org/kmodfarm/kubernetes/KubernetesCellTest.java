package org.kmodfarm.kubernetes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.core.farm.CellExecution;
import org.kmodfarm.core.farm.CellInputs;
import org.kmodfarm.core.farm.CellLimits;
import org.kmodfarm.core.farm.CellWork;
import org.kmodfarm.core.remote.OutputFrames;
import org.kmodfarm.core.remote.RemoteCellExecutor;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.CellImagePublisher;
import org.kmodfarm.model.spi.SandboxExit;

/** A cell's whole way through the Kubernetes runtime: image in the Job, output back through the pod's log. */
class KubernetesCellTest extends MockClusterTest {
    final List<String> images = new ArrayList<>();
    final CellImagePublisher publisher = new CellImagePublisher() {
        @Override
        public String publish(String builderImage, byte[] inputTar) {
            return "registry:5000/kmodfarm-cell@sha256:" + "b".repeat(64);
        }

        @Override
        public void discard(String image) {
            images.add(image);
        }
    };
    final RemoteCellExecutor executor = new RemoteCellExecutor(publisher, new KubernetesRunner(cluster.client,
            new KubernetesSettings(MockCluster.NAMESPACE, Duration.ofMinutes(5), Duration.ofSeconds(5),
                    Duration.ofMillis(50), Map.of(), Optional.empty())));
    final CellWork work = new CellWork("builder:6.1", new CellInputs("d", new byte[] {1}), "6.1.0-56-amd64", "x86_64",
            2, new CellLimits(1L << 30, 512, 1), Duration.ofMinutes(5), Map.of("kmodfarm.run", "r1"), "");

    static String framed(byte[] tar) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputFrames.write(tar, new PrintStream(bytes, true, StandardCharsets.UTF_8), new SecureRandom());
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theOutputComesBackThroughThePodLog() throws Exception {
        byte[] ko = new byte[40_000];
        new SecureRandom().nextBytes(ko);
        byte[] tar = new TarWriter().file("cell.properties", "status=0\n", 0644).file("module/a.ko", ko, 0644)
                .toBytes();
        cluster.behave(job -> new MockCluster.Behaviour.Ends(0, "Completed", "Building module(s)... done.\n"
                + framed(tar)));
        List<String> log = new ArrayList<>();
        CellExecution execution = executor.execute(work, log::add);
        assertEquals(new SandboxExit.Exited(0), execution.exit());
        assertArrayEquals(ko, execution.outputs().get("module/a.ko"));
        assertEquals(List.of("Building module(s)... done."), log);
        assertEquals(List.of("registry:5000/kmodfarm-cell@sha256:" + "b".repeat(64)), images);
        assertTrue(cluster.jobs().isEmpty());
    }

    @Test
    void aLogCutByTheKubeletIsAnInfrastructureError() {
        String full = framed(new TarWriter().file("a", new byte[20_000], 0644).toBytes());
        String cut = full.substring(0, full.length() / 2);
        cluster.behave(job -> new MockCluster.Behaviour.Ends(0, "Completed", cut));
        InfraException e = assertThrows(InfraException.class, () -> executor.execute(work, l -> { }));
        assertTrue(e.getMessage().contains("did not come back intact"), e.getMessage());
    }
}
