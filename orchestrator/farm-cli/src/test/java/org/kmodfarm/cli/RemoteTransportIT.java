package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.farm.CellExecution;
import org.kmodfarm.core.farm.CellLimits;
import org.kmodfarm.core.farm.CellInputs;
import org.kmodfarm.core.farm.CellRuntime;
import org.kmodfarm.core.farm.CellWork;
import org.kmodfarm.core.farm.SandboxCellExecutor;
import org.kmodfarm.core.images.ImageRecords;
import org.kmodfarm.core.remote.RemoteCellExecutor;
import org.kmodfarm.core.remote.SandboxRemoteRunner;
import org.kmodfarm.core.source.ModuleSource;
import org.kmodfarm.core.source.ModuleSources;
import org.kmodfarm.docker.DockerCellImages;
import org.kmodfarm.docker.DockerEngine;
import org.kmodfarm.docker.DockerEngines;
import org.kmodfarm.docker.DockerSandbox;

/**
 * The remote path of a cell on the real engine: the inputs travel only inside a per-cell image, the output only as
 * frames in the log stream, and what comes back is what the local runtime's copy-out gives for the same cell.
 */
class RemoteTransportIT {
    @TempDir
    static Path work;
    static DockerEngine engine;
    static CellWork cell;

    @BeforeAll
    static void cellOfTheExample() throws Exception {
        StringWriter err = new StringWriter();
        Path matrix = Path.of("../../kernel-matrix/demo.yaml").toAbsolutePath().normalize();
        int code = Cli.run(new String[] {"images", "build", "--matrix", matrix.toString(), "-k", "6.1.0-56-amd64"},
                work, Map.of(), DockerServices::new, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        var entry = new ImageRecords(work.resolve("results")).read().values().stream()
                .filter(e -> e.kernel().equals("6.1.0-56-amd64")).findFirst().orElseThrow();
        CellRuntime runtime = CellRunnerJar.locate(Path.of("../..").toAbsolutePath().normalize(), Map.of());
        List<ModuleSource> sources = ModuleSources.load(Path.of("../../examples/hello").toAbsolutePath()
                .normalize().toString(), work.resolve("extract"));
        cell = new CellWork(entry.tag(), CellInputs.of(sources.get(0), runtime, List.of()), entry.kernel(), "x86_64", 2,
                new CellLimits(2L << 30, 1024, 2), Duration.ofMinutes(10), Map.of("kmodfarm.test", "remote"), "");
        engine = DockerEngines.connect(null);
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void theRemotePathGivesWhatTheLocalOneGives() throws Exception {
        List<String> published = new ArrayList<>();
        DockerCellImages images = new DockerCellImages(engine, Optional.empty());
        List<String> remoteLog = new ArrayList<>();
        CellExecution remote = new RemoteCellExecutor(new Recording(images, published),
                new SandboxRemoteRunner(new DockerSandbox(engine))).execute(cell, remoteLog::add);
        CellExecution local = new SandboxCellExecutor(new DockerSandbox(engine)).execute(cell, l -> { });

        assertEquals(local.exit(), remote.exit(), String.join("\n", remoteLog));
        assertEquals(new TreeMap<>(local.outputs()).keySet(), new TreeMap<>(remote.outputs()).keySet());
        String properties = new String(remote.outputs().get("cell.properties"), StandardCharsets.UTF_8);
        assertTrue(properties.contains("status=0"), properties);
        for (String name : local.outputs().keySet()) {
            if (name.startsWith("module/")) {
                assertArrayEquals(local.outputs().get(name), remote.outputs().get(name), name);
            }
            if (name.startsWith("modinfo/")) {
                assertEquals(withoutFilename(local.outputs().get(name)), withoutFilename(remote.outputs().get(name)));
            }
        }
        assertTrue(remote.outputs().keySet().stream().anyMatch(n -> n.endsWith(".ko")), remote.outputs().keySet()
                .toString());
        assertFalse(remoteLog.stream().anyMatch(l -> l.startsWith("::kmodfarm-output:")), "frames stay out of the log");
        assertTrue(remoteLog.stream().anyMatch(l -> l.contains("module file(s) collected")), remoteLog.toString());
        String image = published.get(0);
        assertTrue(image.startsWith("sha256:"), image);
        assertTrue(isGone(image), "the per-cell image is removed after its run");
    }

    /** modinfo names the file where the runner collected it, which differs between the two paths. */
    static List<String> withoutFilename(byte[] modinfo) {
        return new String(modinfo, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("filename:")).toList();
    }

    static boolean isGone(String image) throws Exception {
        Process inspect = new ProcessBuilder("docker", "image", "inspect", image).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return inspect.waitFor() != 0;
    }

    /** Remembers what was published. */
    record Recording(DockerCellImages images, List<String> published)
            implements org.kmodfarm.model.spi.CellImagePublisher {
        @Override
        public String publish(String builderImage, byte[] inputTar) throws InterruptedException {
            String image = images.publish(builderImage, inputTar);
            published.add(image);
            return image;
        }

        @Override
        public void discard(String image) {
            images.discard(image);
        }
    }
}
