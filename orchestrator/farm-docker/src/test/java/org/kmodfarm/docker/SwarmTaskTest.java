package org.kmodfarm.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kmodfarm.model.spi.SandboxExit;

class SwarmTaskTest {
    private static SwarmTask task(String state, Integer exit, String error) {
        return new SwarmTask("t1", state, "n1", "msg", error, Optional.ofNullable(exit));
    }

    @ParameterizedTest
    @ValueSource(strings = {"new", "allocated", "pending", "assigned", "accepted", "preparing", "ready", "starting"})
    void notStartedYetIsWaiting(String state) {
        SwarmTask.Progress p = task(state, null, "no suitable node").progress();
        assertTrue(((SwarmTask.Progress.Waiting) p).why().contains("no suitable node"));
    }

    @Test
    void runningNamesItsNode() {
        assertEquals(new SwarmTask.Progress.Running("n1"), task("running", null, "").progress());
    }

    @Test
    void completeIsExitZero() {
        assertEquals(new SwarmTask.Progress.Ended(new SandboxExit.Exited(0)), task("complete", 0, "").progress());
    }

    @Test
    void failedWithAStatusIsTheCellsOwnFailure() {
        assertEquals(new SwarmTask.Progress.Ended(new SandboxExit.Exited(2)),
                task("failed", 2, "task: non-zero exit (2)").progress());
    }

    @Test
    void killedWhileKmodfarmLetItRunIsOutOfMemory() {
        assertEquals(new SwarmTask.Progress.Ended(new SandboxExit.OutOfMemory()),
                task("failed", 137, "task: non-zero exit (137)").progress());
    }

    @Test
    void failedWithoutAStatusNeverRanTheCell() {
        SwarmTask.Progress p = task("failed", null, "No such image: x").progress();
        assertTrue(((SwarmTask.Progress.Lost) p).why().contains("No such image"));
        assertInstanceOf(SwarmTask.Progress.Lost.class, task("failed", 0, "starting container failed").progress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rejected", "shutdown", "remove", "orphaned", "something-new"})
    void takenAwayByTheInfrastructureIsLost(String state) {
        SwarmTask.Progress p = task(state, null, "node is down").progress();
        String why = ((SwarmTask.Progress.Lost) p).why();
        assertTrue(why.contains(state) && why.contains("node is down") && why.contains("n1"), why);
    }

    @Test
    void readFromTheEnginesJson() throws Exception {
        SwarmTask t = EngineSwarmApi.task(new ObjectMapper().readTree("{\"ID\":\"abc\",\"NodeID\":\"n9\","
                + "\"Status\":{\"State\":\"failed\",\"Message\":\"started\",\"Err\":\"task: non-zero exit (1)\","
                + "\"ContainerStatus\":{\"ExitCode\":1}}}"));
        assertEquals(new SwarmTask("abc", "failed", "n9", "started", "task: non-zero exit (1)", Optional.of(1)), t);
        SwarmTask pending = EngineSwarmApi.task(new ObjectMapper().readTree("{\"ID\":\"p\",\"Status\":{\"State\":"
                + "\"pending\"}}"));
        assertEquals(new SwarmTask("p", "pending", "", "", "", Optional.empty()), pending);
    }
}
