package org.kmodfarm.docker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kmodfarm.model.spi.RemoteRun;

/**
 * The Swarm service of one cell, as the engine's JSON ({@code POST /services/create}, API 1.41). Written as JSON
 * because docker-java 3.7.1's {@code ServiceSpec} has no {@code ReplicatedJob} mode, no pids limit and no
 * capability list, all three of which the sandbox policy needs and engine 20.10 accepts.
 *
 * <p>The policy, item by item, next to the local runtime's ({@link DockerSandbox}):
 * <ul>
 * <li>a replicated job of one task, one at a time, never restarted by the engine (kmodfarm's retry policy decides,
 *     and the farm's scheduler, not Swarm, decides what runs side by side);</li>
 * <li>user {@value DockerSandbox#DEFAULT_USER}, read-only root filesystem, every capability dropped, an init as
 *     PID 1 (Swarm has no {@code no-new-privileges} before API 1.50: with an empty bounding set a set-uid program
 *     gains no capability);</li>
 * <li>{@code /tmp} an executable tmpfs of {@value #TMP_BYTES} bytes. A Swarm {@code tmpfs} mount is always
 *     {@code noexec} on 20.10 (its options arrived in API 1.46), and a build runs scripts from its tree, so the
 *     tmpfs is an anonymous volume of the {@code local} driver (created with the task, removed with it);</li>
 * <li>limits on memory, CPU and pids, and no reservations: engine 20.10's constraint enforcer counts the
 *     reservations of a job's finished tasks until their service is gone, and then rejects new tasks of a node whose
 *     cells fit ("assigned node no longer meets constraints", seen for most cells of SwarmIT when each reserved its
 *     limits). How many cells run at once is the farm's {@code --jobs}, and Swarm spreads them over the nodes;</li>
 * <li>attached only to the run's {@code --internal} overlay network (tasks cannot use {@code none}): no route
 *     out;</li>
 * <li>placed by the kernel's architecture ({@code node.platform.arch}) and the configured constraints.</li>
 * </ul>
 */
final class SwarmServiceSpec {
    static final long TMP_BYTES = 1L << 30;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SwarmServiceSpec() {
    }

    /**
     * @param name        the service's name
     * @param network     the run's internal overlay network
     * @param constraints placement constraints besides the architecture, as {@code docker service create} takes them
     * @param labels      the service's and container's labels: the run's plus kmodfarm's own
     */
    static ObjectNode of(RemoteRun run, String name, String network, List<String> constraints,
            Map<String, String> labels) {
        ObjectNode spec = JSON.objectNode();
        spec.put("Name", name);
        spec.set("Labels", map(labels));
        ObjectNode task = spec.putObject("TaskTemplate");
        task.set("ContainerSpec", container(run, labels));
        task.set("Resources", resources(run));
        task.putObject("RestartPolicy").put("Condition", "none");
        task.putObject("Placement").set("Constraints", strings(placement(run, constraints)));
        task.putArray("Networks").addObject().put("Target", network);
        spec.putObject("Mode").putObject("ReplicatedJob").put("MaxConcurrent", 1).put("TotalCompletions", 1);
        return spec;
    }

    private static ObjectNode container(RemoteRun run, Map<String, String> labels) {
        ObjectNode c = JSON.objectNode();
        c.put("Image", run.image());
        c.set("Labels", map(labels));
        c.set("Command", strings(run.command()));
        c.set("Env", strings(new TreeMap<>(run.environment()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
        c.put("Dir", "/build");
        c.put("User", DockerSandbox.DEFAULT_USER);
        c.put("ReadOnly", true);
        c.put("Init", true);
        c.set("CapabilityDrop", strings(List.of("ALL")));
        ObjectNode tmp = c.putArray("Mounts").addObject();
        tmp.put("Type", "volume");
        tmp.put("Target", "/tmp");
        ObjectNode volume = tmp.putObject("VolumeOptions");
        volume.put("NoCopy", true);
        volume.set("Labels", map(labels));
        ObjectNode driver = volume.putObject("DriverConfig");
        driver.put("Name", "local");
        driver.putObject("Options").put("type", "tmpfs").put("device", "tmpfs")
                .put("o", "size=" + TMP_BYTES + ",mode=1777,nosuid,nodev");
        return c;
    }

    private static ObjectNode resources(RemoteRun run) {
        long nanoCpus = Math.max(1L, Math.round(run.cpus() * 1e9));
        ObjectNode r = JSON.objectNode();
        r.putObject("Limits").put("NanoCPUs", nanoCpus).put("MemoryBytes", run.memoryBytes()).put("Pids", run.pids());
        return r;
    }

    private static List<String> placement(RemoteRun run, List<String> constraints) {
        List<String> all = new ArrayList<>();
        all.add("node.platform.arch == " + run.arch());
        all.addAll(constraints);
        return all;
    }

    private static ObjectNode map(Map<String, String> values) {
        ObjectNode node = JSON.objectNode();
        new TreeMap<>(values).forEach(node::put);
        return node;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
