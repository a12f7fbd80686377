package org.kmodfarm.docker;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.kmodfarm.model.InfraException;

/** What {@code doctor} says about the swarm of {@code --runtime swarm}. */
public final class SwarmProbe {
    private SwarmProbe() {
    }

    /**
     * One line about the manager's swarm: its nodes, how many are ready, their architectures.
     *
     * @throws InfraException when the engine does not answer or is not a manager of an active swarm
     */
    public static String describe(DockerEngine manager) {
        var swarm = manager.call("read the engine's swarm state", () -> manager.client().infoCmd().exec().getSwarm());
        if (swarm == null || !Boolean.TRUE.equals(swarm.getControlAvailable())) {
            throw new InfraException("the engine at " + manager.host() + " is not a manager of an active swarm (state "
                    + (swarm == null ? "unknown" : swarm.getLocalNodeState()) + ")",
                    "point swarm.host at a manager ('docker node ls' works there), or start the test cluster: "
                            + "scripts/test-cluster up 3");
        }
        Map<String, String> nodes = new EngineSwarmApi(manager).nodes();
        long ready = nodes.values().stream().filter(n -> n.startsWith("ready ")).count();
        String archs = new TreeMap<>(nodes.values().stream().collect(Collectors.groupingBy(n -> n.split(" ")[1],
                Collectors.counting()))).toString();
        return manager.host() + ": manager of a swarm of " + nodes.size() + " node(s), " + ready + " ready, by "
                + "architecture " + archs;
    }
}
