package org.kmodfarm.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.EngineInfo;

class DockerEngineProbeIT {

    @Test
    void probeAnswersWithTheApiVersion() {
        try (DockerEngine engine = DockerEngines.connect(null)) {
            EngineInfo info = new DockerEngineProbe(engine).probe();
            assertTrue(info.apiVersion().matches("\\d+\\.\\d+"), info.toString());
            assertFalse(info.version().isEmpty(), info.toString());
            assertEquals("linux", info.os());
            assertFalse(info.arch().isEmpty(), info.toString());
            assertFalse(info.storageDriver().isEmpty(), info.toString());
        }
    }

    @Test
    void unreachableEngineIsAnInfraFailureWithAFix() {
        try (DockerEngine nowhere = DockerEngines.connect("unix:///nonexistent/docker.sock")) {
            InfraException e = assertThrows(InfraException.class, () -> new DockerEngineProbe(nowhere).probe());
            assertTrue(e.fix().contains("scripts/setup-docker"), e.fix());
            assertTrue(e.getMessage().contains("/nonexistent/docker.sock"), e.getMessage());
        }
    }
}
