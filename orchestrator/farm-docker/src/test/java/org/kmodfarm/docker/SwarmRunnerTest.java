package org.kmodfarm.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.RemoteRun;
import org.kmodfarm.model.spi.SandboxExit;

class SwarmRunnerTest {
    private final FakeSwarmApi api = new FakeSwarmApi();
    private final SwarmRunner runner = new SwarmRunner(api, List.of("node.labels.pool == kmod"),
            Duration.ofMillis(200), Duration.ofMillis(5));

    private static RemoteRun run(Duration timeout) {
        return new RemoteRun("reg/cell@sha256:1", List.of("true"), Map.of(), 1L << 30, 100, 1, timeout,
                Map.of("kmodfarm.run", "r1", "kmodfarm.pid", "1"), "x86_64");
    }

    @Test
    void aCompletedTaskGivesItsStatusAndItsWholeLogThenGoesAway() throws Exception {
        api.script.addAll(List.of(FakeSwarmApi.task("pending", "", null), FakeSwarmApi.task("running", "n1", null),
                FakeSwarmApi.task("failed", "n1", 3)));
        api.log.addAll(List.of("line 1", "line 2"));
        List<String> lines = new ArrayList<>();
        SandboxExit exit = runner.run(run(Duration.ofMinutes(1)), lines::add);
        assertEquals(new SandboxExit.Exited(3), exit);
        assertEquals(List.of("kmodfarm swarm: task task-1 on node n1", "line 1", "line 2"), lines);
        assertTrue(api.services.isEmpty(), "service removed");
        assertTrue(api.networks.isEmpty(), "network removed");
        String network = api.specs.get(0).path("TaskTemplate").path("Networks").get(0).path("Target").asText();
        assertEquals(api.specs.get(0).path("Name").asText(), network, "a network of its own, named like the service");
        assertEquals("node.labels.pool == kmod", api.specs.get(0).path("TaskTemplate").path("Placement")
                .path("Constraints").get(1).asText());
        assertEquals("true", api.specs.get(0).path("Labels").path("kmodfarm.managed").asText());
    }

    @Test
    void aNodeGoingDownLosesTheCell() {
        api.script.add(FakeSwarmApi.task("running", "n2", null));
        api.downNodes.add("n2");
        assertLost("its node n2 is down");
    }

    @Test
    void aRejectedTaskLosesTheCell() {
        api.script.add(new SwarmTask("t", "rejected", "n1", "", "No such image", Optional.empty()));
        assertLost("No such image");
    }

    @Test
    void aTaskNoNodeStartsIsAnInfrastructureError() {
        api.script.add(new SwarmTask("t", "pending", "", "pending", "no suitable node", Optional.empty()));
        assertLost("no suitable node");
    }

    /** The run ends in an infrastructure error saying {@code why}, and leaves no service or network behind. */
    private void assertLost(String why) {
        InfraException e = assertThrows(InfraException.class, () -> runner.run(run(Duration.ofMinutes(1)), l -> { }));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(api.services.isEmpty(), "service removed");
        assertTrue(api.networks.isEmpty(), "network removed");
    }

    @Test
    void theWallClockLimitCountsFromTheStartAndEndsInTimedOut() throws Exception {
        api.script.addAll(List.of(FakeSwarmApi.task("preparing", "n1", null), FakeSwarmApi.task("preparing", "n1",
                null), FakeSwarmApi.task("running", "n1", null)));
        api.log.add("still compiling");
        List<String> lines = new ArrayList<>();
        assertEquals(new SandboxExit.TimedOut(), runner.run(run(Duration.ofMillis(30)), lines::add));
        assertEquals(List.of("kmodfarm swarm: task task-1 on node n1", "still compiling"), lines, "the log so far");
        assertTrue(api.services.isEmpty());
    }

    @Test
    void anInterruptedCallerRemovesTheServiceAndStaysInterrupted() {
        api.script.add(FakeSwarmApi.task("running", "n1", null));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> runner.run(run(Duration.ofMinutes(1)), l -> { }));
        assertTrue(api.services.isEmpty());
        assertTrue(api.networks.isEmpty());
    }

    @Test
    void aNetworkStillInUseIsRemovedLater() throws Exception {
        api.script.add(FakeSwarmApi.task("complete", "n1", 0));
        api.networkBusyFor = 2;
        runner.run(run(Duration.ofMinutes(1)), l -> { });
        assertEquals(1, api.networks.size());
        runner.close();
        assertTrue(api.networks.isEmpty());
    }

    @Test
    void reapRemovesOnlyWhatTheRuleCallsOrphaned() {
        api.services.put("dead", Map.of("kmodfarm.pid", "1"));
        api.services.put("alive", Map.of("kmodfarm.pid", "2"));
        api.networks.put("net-dead", Map.of("kmodfarm.pid", "1"));
        api.networks.put("net-alive", Map.of("kmodfarm.pid", "2"));
        assertEquals(1, runner.reap(labels -> "1".equals(labels.get("kmodfarm.pid"))));
        assertEquals(List.of("alive"), List.copyOf(api.services.keySet()));
        assertEquals(List.of("net-alive"), List.copyOf(api.networks.keySet()));
    }
}
