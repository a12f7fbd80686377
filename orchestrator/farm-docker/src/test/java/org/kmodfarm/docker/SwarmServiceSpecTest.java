package org.kmodfarm.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodfarm.model.spi.RemoteRun;

class SwarmServiceSpecTest {
    private static final RemoteRun RUN = new RemoteRun("localhost:5055/kmodfarm-cell@sha256:abc",
            List.of("java", "-cp", "/build/kmodfarm-cell.jar", "Main"), Map.of("B", "2", "A", "1"),
            3L << 30, 2048, 1.5, Duration.ofMinutes(30), Map.of("kmodfarm.run", "r1"), "x86_64");
    private static final JsonNode SPEC = SwarmServiceSpec.of(RUN, "kmodfarm-1", "kmodfarm-1",
            List.of("node.labels.kmodfarm == yes"), Map.of("kmodfarm.run", "r1", "kmodfarm.managed", "true"));
    private static final JsonNode CONTAINER = SPEC.path("TaskTemplate").path("ContainerSpec");

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aJobOfOneTaskThatTheEngineNeverRestarts() {
        assertEquals(1, SPEC.path("Mode").path("ReplicatedJob").path("MaxConcurrent").asInt());
        assertEquals(1, SPEC.path("Mode").path("ReplicatedJob").path("TotalCompletions").asInt());
        assertFalse(SPEC.path("Mode").has("Replicated"));
        assertEquals("none", SPEC.path("TaskTemplate").path("RestartPolicy").path("Condition").asText());
    }

    @Test
    void theImageCommandAndEnvironmentAsGiven() {
        assertEquals("kmodfarm-1", SPEC.path("Name").asText());
        assertEquals(RUN.image(), CONTAINER.path("Image").asText());
        assertEquals(RUN.command(), strings(CONTAINER.path("Command")));
        assertEquals(List.of("A=1", "B=2"), strings(CONTAINER.path("Env")));
        assertEquals("/build", CONTAINER.path("Dir").asText());
    }

    @Test
    void nonRootReadOnlyNoCapabilitiesWithAnInit() {
        assertEquals("1000:1000", CONTAINER.path("User").asText());
        assertTrue(CONTAINER.path("ReadOnly").asBoolean());
        assertEquals(List.of("ALL"), strings(CONTAINER.path("CapabilityDrop")));
        assertFalse(CONTAINER.has("CapabilityAdd"));
        assertTrue(CONTAINER.path("Init").asBoolean());
    }

    @Test
    void tmpIsAnExecutableTmpfsOfOneGibibyteThatGoesWithTheTask() {
        JsonNode mounts = CONTAINER.path("Mounts");
        assertEquals(1, mounts.size());
        JsonNode tmp = mounts.get(0);
        assertEquals("volume", tmp.path("Type").asText());
        assertEquals("/tmp", tmp.path("Target").asText());
        assertFalse(tmp.has("Source"), "anonymous: created with the task, removed with it");
        JsonNode driver = tmp.path("VolumeOptions").path("DriverConfig");
        assertEquals("local", driver.path("Name").asText());
        assertEquals("tmpfs", driver.path("Options").path("type").asText());
        String options = driver.path("Options").path("o").asText();
        assertTrue(options.contains("size=1073741824"), options);
        assertTrue(options.contains("nosuid") && options.contains("nodev") && !options.contains("noexec"), options);
    }

    @Test
    void limitsFromTheRunAndNoReservationForTheConstraintEnforcerToTripOn() {
        JsonNode resources = SPEC.path("TaskTemplate").path("Resources");
        assertEquals(1_500_000_000L, resources.path("Limits").path("NanoCPUs").asLong());
        assertEquals(3L << 30, resources.path("Limits").path("MemoryBytes").asLong());
        assertEquals(2048, resources.path("Limits").path("Pids").asLong());
        assertFalse(resources.has("Reservations"));
    }

    @Test
    void onlyTheInternalNetworkOfTheCell() {
        JsonNode networks = SPEC.path("TaskTemplate").path("Networks");
        assertEquals(1, networks.size());
        assertEquals("kmodfarm-1", networks.get(0).path("Target").asText());
        assertFalse(SPEC.has("EndpointSpec"), "no published port");
    }

    @Test
    void placedByArchitectureAndTheConfiguredConstraints() {
        assertEquals(List.of("node.platform.arch == x86_64", "node.labels.kmodfarm == yes"),
                strings(SPEC.path("TaskTemplate").path("Placement").path("Constraints")));
    }

    @Test
    void labelsOnServiceContainerAndVolume() {
        for (JsonNode labels : List.of(SPEC.path("Labels"), CONTAINER.path("Labels"),
                CONTAINER.path("Mounts").get(0).path("VolumeOptions").path("Labels"))) {
            assertEquals("r1", labels.path("kmodfarm.run").asText());
            assertEquals("true", labels.path("kmodfarm.managed").asText());
        }
    }
}
