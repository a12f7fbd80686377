package org.kmodfarm.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Swarm manager in memory: one service at a time, whose task goes through the states a test scripts (the last
 * one stays); nodes are ready unless marked down; networks stay in use for a number of removal attempts.
 */
final class FakeSwarmApi implements SwarmApi {
    final Deque<SwarmTask> script = new ArrayDeque<>();
    final List<String> downNodes = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final Map<String, Map<String, String>> services = new LinkedHashMap<>();
    final Map<String, Map<String, String>> networks = new LinkedHashMap<>();
    final List<ObjectNode> specs = new ArrayList<>();
    int networkBusyFor;
    int logReads;

    static SwarmTask task(String state, String node, Integer exit) {
        return new SwarmTask("task-1", state, node, "", "", Optional.ofNullable(exit));
    }

    @Override
    public synchronized void createNetwork(String name, Map<String, String> labels) {
        networks.put(name, labels);
    }

    @Override
    public synchronized boolean removeNetwork(String name) {
        if (networkBusyFor > 0) {
            networkBusyFor--;
            return false;
        }
        return networks.remove(name) != null;
    }

    @Override
    public synchronized String createService(ObjectNode spec) {
        specs.add(spec);
        String id = "service-" + specs.size();
        Map<String, String> labels = new LinkedHashMap<>();
        spec.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        services.put(id, labels);
        return id;
    }

    @Override
    public synchronized List<SwarmTask> tasks(String serviceId) {
        if (script.isEmpty()) {
            return List.of();
        }
        return List.of(script.size() > 1 ? script.poll() : script.peek());
    }

    @Override
    public synchronized boolean nodeReady(String nodeId) {
        return !downNodes.contains(nodeId);
    }

    @Override
    public synchronized void logs(String serviceId, Consumer<String> lines) {
        logReads++;
        log.forEach(lines);
    }

    @Override
    public synchronized void removeService(String serviceId) {
        services.remove(serviceId);
    }

    @Override
    public synchronized Map<String, Map<String, String>> services(String label) {
        return new LinkedHashMap<>(services);
    }

    @Override
    public synchronized Map<String, Map<String, String>> networks(String label) {
        return new LinkedHashMap<>(networks);
    }
}
