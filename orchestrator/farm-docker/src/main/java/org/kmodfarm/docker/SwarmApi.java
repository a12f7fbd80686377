package org.kmodfarm.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The calls {@link SwarmRunner} makes to a Swarm manager: the runner's one side effect, so that its logic is tested
 * against a fake. Failures are {@link org.kmodfarm.model.InfraException}s. Implementations are thread-safe.
 */
interface SwarmApi {
    /** Creates an {@code --internal} overlay network with these labels. */
    void createNetwork(String name, Map<String, String> labels);

    /** Removes a network; false when it is still in use (its task is being torn down) or already gone. */
    boolean removeNetwork(String name);

    /** Creates a service from its JSON spec; returns its id. */
    String createService(ObjectNode spec);

    /** The service's tasks, newest first. */
    List<SwarmTask> tasks(String serviceId);

    /** Whether the manager sees this node as ready (false when down, disconnected or unknown). */
    boolean nodeReady(String nodeId);

    /** Everything the service's tasks printed, stdout and stderr, line by line, read to its end. */
    void logs(String serviceId, Consumer<String> lines) throws InterruptedException;

    /** Removes a service; the engine stops its task. Nothing happens when it is gone already. */
    void removeService(String serviceId);

    /** Services and networks carrying {@code label=true}, by id, with their labels. */
    Map<String, Map<String, String>> services(String label);

    Map<String, Map<String, String>> networks(String label);
}
