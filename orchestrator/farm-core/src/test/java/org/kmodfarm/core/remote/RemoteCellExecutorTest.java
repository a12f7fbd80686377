package org.kmodfarm.core.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.core.farm.CellExecution;
import org.kmodfarm.core.farm.CellInputs;
import org.kmodfarm.core.farm.CellLimits;
import org.kmodfarm.core.farm.CellWork;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.CellImagePublisher;
import org.kmodfarm.model.spi.RemoteRun;
import org.kmodfarm.model.spi.SandboxExit;

class RemoteCellExecutorTest {
    final List<String> published = new CopyOnWriteArrayList<>();
    final List<String> discarded = new CopyOnWriteArrayList<>();
    final CellImagePublisher publisher = new CellImagePublisher() {
        @Override
        public String publish(String builderImage, byte[] inputTar) {
            published.add(builderImage + "+" + inputTar.length);
            return "registry:5000/kmodfarm-cell@sha256:" + "c".repeat(64);
        }

        @Override
        public void discard(String image) {
            discarded.add(image);
        }
    };
    final CellWork work = new CellWork("builder:6.1", new CellInputs("d", new byte[] {1, 2, 3}), "6.1.0-56-amd64",
            "x86_64", 2, new CellLimits(1 << 30, 512, 1.5), Duration.ofMinutes(5), Map.of("kmodfarm.run", "r1"), "");
    final byte[] out = new TarWriter().file("cell.properties", "status=0\n", 0644).file("module/a.ko", "ko", 0644)
            .toBytes();

    static List<String> lines(byte[] tar) {
        return OutputFramesTest.framed(tar);
    }

    @Test
    void theRunCarriesThePublishedImageTheRemoteRunnerAndTheLimits() throws Exception {
        List<RemoteRun> runs = new ArrayList<>();
        List<String> log = new ArrayList<>();
        CellExecution execution = new RemoteCellExecutor(publisher, (run, sink) -> {
            runs.add(run);
            sink.accept("building");
            lines(out).forEach(sink);
            return new SandboxExit.Exited(0);
        }).execute(work, log::add);
        RemoteRun run = runs.get(0);
        assertEquals("registry:5000/kmodfarm-cell@sha256:" + "c".repeat(64), run.image());
        assertTrue(run.command().contains("org.kmodfarm.cli.dkms.RemoteCellMain"));
        assertEquals("/tmp/kmodfarm-out", run.command().get(run.command().indexOf("--out") + 1));
        assertEquals(List.of(1L << 30, 512L, 1.5), List.of(run.memoryBytes(), run.pids(), run.cpus()));
        assertEquals(Map.of("kmodfarm.run", "r1"), run.labels());
        assertEquals(List.of("builder:6.1+3"), published);
        assertEquals(List.of(run.image()), discarded);
        assertEquals(List.of("building"), log);
        assertArrayEquals("ko".getBytes(StandardCharsets.UTF_8), execution.outputs().get("module/a.ko"));
        assertEquals(new SandboxExit.Exited(0), execution.exit());
    }

    @Test
    void aRunnerThatEndedWellWithoutOutputIsAnInfrastructureError() {
        InfraException e = assertThrows(InfraException.class, () -> new RemoteCellExecutor(publisher,
                (run, sink) -> new SandboxExit.Exited(0)).execute(work, l -> { }));
        assertTrue(e.getMessage().contains("without sending its output"));
        assertEquals(1, discarded.size(), "the image is discarded whatever happens");
    }

    @Test
    void aTimedOutRunHasNoOutputAndNoError() throws Exception {
        CellExecution execution = new RemoteCellExecutor(publisher, (run, sink) -> new SandboxExit.TimedOut())
                .execute(work, l -> { });
        assertInstanceOf(SandboxExit.TimedOut.class, execution.exit());
        assertTrue(execution.outputs().isEmpty());
    }

    @Test
    void brokenFramesAreAnInfrastructureErrorWhateverTheExit() {
        List<String> cut = lines(out).subList(0, 2);
        assertThrows(InfraException.class, () -> new RemoteCellExecutor(publisher, (run, sink) -> {
            cut.forEach(sink);
            return new SandboxExit.OutOfMemory();
        }).execute(work, l -> { }));
    }

    @Test
    void anOversizedOutputIsReportedAsSuch() {
        CellExecution execution = RemoteCellExecutor.execution(new SandboxExit.Exited(0),
                new OutputFrames.Received.TooLarge(7), Duration.ZERO);
        assertEquals(new SandboxExit.OutputTooLarge(7), execution.exit());
    }
}
