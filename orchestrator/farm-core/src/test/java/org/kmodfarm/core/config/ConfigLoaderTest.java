package org.kmodfarm.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.images.BaseSource;
import org.kmodfarm.model.BadInputException;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void optionBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Files.writeString(dir.resolve("kmodfarm.yaml"), "jobs: 3\ntimeout: 10m\nimages:\n  base-source: bootstrap\n");
        FarmConfig c = ConfigLoader.load(Optional.empty(), dir, Map.of("KMODFARM_TIMEOUT", "5m", "KMODFARM_JOBS", "4"),
                Map.of(Setting.JOBS, new ConfigValue(Setting.JOBS, "6", "option --jobs")));
        assertEquals(6, c.jobs());
        assertEquals("option --jobs", c.value(Setting.JOBS).origin());
        assertEquals(Duration.ofMinutes(5), c.timeout());
        assertEquals("environment KMODFARM_TIMEOUT", c.value(Setting.TIMEOUT).origin());
        assertEquals(BaseSource.BOOTSTRAP, c.images().baseSource());
        assertEquals(dir.resolve("kmodfarm.yaml") + ":4", c.value(Setting.BASE_SOURCE).origin());
        assertEquals("default", c.value(Setting.INDEX_MAX_AGE).origin());
        assertEquals(Path.of("results", ".kmodfarm", "cache"), c.cacheDir());
    }

    @Test
    void badValuesAreReportedWhereTheyWereWritten() throws Exception {
        Files.writeString(dir.resolve("kmodfarm.yaml"), "jobs: 0\nimages:\n  base-source: floppy\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ConfigLoader.load(Optional.empty(), dir, Map.of("KMODFARM_TIMEOUT", "soon"), Map.of()));
        String all = e.problems().stream().map(org.kmodfarm.model.Problem::render).toList().toString();
        assertEquals(3, e.problems().size(), all);
        assertTrue(e.problems().get(0).render().startsWith(dir.resolve("kmodfarm.yaml") + ":1: jobs must be at least 1"), all);
        assertTrue(all.contains("environment KMODFARM_TIMEOUT: not a duration: 'soon'"), all);
        assertTrue(all.contains(":3: unknown base image source 'floppy'; valid: auto, pull, bootstrap"), all);
    }

    @Test
    void theKubernetesRuntimeReadsItsSettingsAndRefusesAMalformedNodeSelector() throws Exception {
        Files.writeString(dir.resolve("kmodfarm.yaml"), "runtime: kubernetes\nkubernetes:\n  namespace: farm\n"
                + "  registry: reg.example:5000\n  node-selector: pool=builders, disk = ssd\n");
        FarmConfig c = ConfigLoader.load(Optional.empty(), dir, Map.of(), Map.of());
        assertEquals(CellRuntimeKind.KUBERNETES, c.runtime());
        assertEquals("farm", c.kubernetesNamespace());
        assertEquals(Optional.of("reg.example:5000"), c.kubernetesRegistry());
        assertEquals(Map.of("pool", "builders", "disk", "ssd"), c.kubernetesNodeSelector());
        assertEquals(Optional.empty(), c.kubernetesContext());
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigLoader.load(Optional.empty(), dir,
                Map.of("KMODFARM_KUBERNETES_NODE_SELECTOR", "pool"), Map.of()));
        assertTrue(e.problems().get(0).render().contains("'pool' is not a node label (KEY=VALUE)"),
                e.problems().toString());
    }

    @Test
    void theSwarmRuntimeAndItsSettings() throws Exception {
        Files.writeString(dir.resolve("kmodfarm.yaml"), "runtime: swarm\nswarm:\n  host: unix:///run/m.sock\n"
                + "  registry: localhost:5055\n  constraints: node.labels.pool == kmod, node.role!=manager\n");
        FarmConfig c = ConfigLoader.load(Optional.empty(), dir, Map.of(), Map.of());
        assertEquals(CellRuntimeKind.SWARM, c.runtime());
        assertEquals(Optional.of("unix:///run/m.sock"), c.swarmHost());
        assertEquals(Optional.of("localhost:5055"), c.swarmRegistry());
        assertEquals(java.util.List.of("node.labels.pool == kmod", "node.role!=manager"), c.swarmConstraints());
        FarmConfig defaults = ConfigLoader.load(Optional.empty(), dir.resolve("none"), Map.of(), Map.of());
        assertEquals(CellRuntimeKind.DOCKER, defaults.runtime());
        assertEquals(java.util.List.of(), defaults.swarmConstraints());
    }

    @Test
    void aBadRuntimeOrConstraintIsReportedWithWhatIsValid() throws Exception {
        Files.writeString(dir.resolve("kmodfarm.yaml"), "runtime: kubernetes-ish\nswarm:\n  constraints: fast\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ConfigLoader.load(Optional.empty(), dir, Map.of(), Map.of()));
        String all = e.problems().stream().map(org.kmodfarm.model.Problem::render).toList().toString();
        assertTrue(all.contains(":1: unknown runtime 'kubernetes-ish'; valid: docker, swarm, kubernetes"), all);
        assertTrue(all.contains(":3: 'fast' is not a placement constraint"), all);
    }

    @Test
    void unknownKeysAndAMissingExplicitFileAreBadInput() throws Exception {
        Files.writeString(dir.resolve("kmodfarm.yaml"), "job: 3\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ConfigLoader.load(Optional.empty(), dir, Map.of(), Map.of()));
        assertTrue(e.problems().get(0).fix().contains("did you mean 'jobs'?"), e.problems().toString());
        assertThrows(BadInputException.class,
                () -> ConfigLoader.load(Optional.of(dir.resolve("nope.yaml")), dir, Map.of(), Map.of()));
    }

    @Test
    void durationsReadBothForms() {
        assertEquals(Duration.ofHours(6), Durations.parse("6h"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("PT90M"));
        assertEquals("90m", Durations.format(Duration.ofMinutes(90)));
    }
}
