package org.kmodfarm.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.ImageInfo;

class DockerImageStoreIT {
    private static final String BUILT = "kmodfarm-test/build-it:latest";
    private static final String RUN_LABEL = "kmodfarm-test.run";

    private static DockerEngine engine;
    private static DockerImageStore store;

    @BeforeAll
    static void connect() throws Exception {
        engine = DockerEngines.connect(null);
        store = new DockerImageStore(engine);
        TestImages.base(store);
    }

    @AfterAll
    static void cleanUp() {
        store.find(BUILT).ifPresent(i -> store.remove(i.id()));
        TestImages.removeLeftovers(engine.client());
        engine.close();
    }

    @Test
    void importedBaseCarriesItsLabelAndIsFoundByTag() throws Exception {
        ImageInfo base = TestImages.base(store);
        assertEquals(TestImages.OWNER_VALUE, base.labels().get(TestImages.OWNER));
        assertTrue(base.tags().contains(TestImages.BASE), base.tags().toString());
        assertTrue(store.find("kmodfarm-test/none:missing").isEmpty());

        // An image that others are built on stays, tag included.
        TestImages.sandbox(store);
        store.remove(base.id());
        assertEquals(base.id(), store.find(TestImages.BASE).orElseThrow().id());
    }

    @Test
    void buildStreamsItsOutputAndLabelsTheImage() {
        String run = UUID.randomUUID().toString();
        List<String> log = new CopyOnWriteArrayList<>();
        // The build argument's value is part of the RUN step's cache key: the step runs every time.
        String dockerfile = "FROM " + TestImages.BASE + "\nARG GREETING\nRUN echo \"greeting: $GREETING\"\n";
        ImageInfo built = store.build(BUILT, TestImages.context(dockerfile), Map.of("GREETING", run),
                Map.of(TestImages.OWNER, TestImages.OWNER_VALUE, RUN_LABEL, run), log::add);

        assertTrue(log.stream().anyMatch(l -> l.startsWith("Step 1/") && l.contains(": FROM " + TestImages.BASE)),
                log.toString());
        assertTrue(log.contains("greeting: " + run), log.toString());
        assertEquals(run, built.labels().get(RUN_LABEL));
        assertTrue(built.tags().contains(BUILT), built.tags().toString());
        assertTrue(store.listLabelled(RUN_LABEL).stream().anyMatch(i -> i.id().equals(built.id())));

        store.remove(built.id());
        assertTrue(store.find(BUILT).isEmpty());
        store.remove(built.id()); // already gone: nothing to do
    }

    @Test
    void failingBuildReportsTheErrorAndTheLastLinesAndLeavesNoContainer() {
        String dockerfile = "FROM " + TestImages.BASE + "\nRUN echo about to fail && exit 3\n";
        List<String> log = new CopyOnWriteArrayList<>();
        InfraException e = assertThrows(InfraException.class, () -> store.build("kmodfarm-test/failing:1",
                TestImages.context(dockerfile), Map.of(), Map.of(), log::add));
        assertTrue(e.getMessage().contains("returned a non-zero code: 3"), e.getMessage());
        assertTrue(e.getMessage().contains("about to fail"), e.getMessage());
        assertTrue(log.contains("about to fail"), log.toString());
        assertTrue(engine.client().listContainersCmd().withShowAll(true)
                .withAncestorFilter(List.of(TestImages.BASE)).exec().isEmpty(), "intermediate container left");
    }

    @Test
    void pullFromNowhereIsEmptyAtOnce() {
        long t0 = System.nanoTime();
        assertTrue(store.tryPull("registry.invalid/none:1", "kmodfarm-test/pulled:1", Duration.ofSeconds(20))
                .isEmpty());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 15);
    }

    @Test
    void pullFromASilentRegistryGivesUpAtTheTimeout() throws IOException {
        // Accepts connections (the kernel does, via the backlog) and never answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            String reference = "127.0.0.1:" + silent.getLocalPort() + "/none:1";
            assertTrue(store.tryPull(reference, "kmodfarm-test/pulled:1", Duration.ofSeconds(2)).isEmpty());
            long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
            assertTrue(seconds < 5, "took " + seconds + " s");
        }
    }
}
