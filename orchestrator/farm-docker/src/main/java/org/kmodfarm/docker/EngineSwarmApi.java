package org.kmodfarm.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.kmodfarm.model.InfraException;

/**
 * {@link SwarmApi} on a manager's HTTP API, through docker-java's transport. Plain JSON rather than docker-java's
 * swarm model: 3.7.1 cannot create a replicated job (see {@link SwarmServiceSpec}), and reading services back
 * through its model would meet that mode again. Only the log stream goes through docker-java, which demultiplexes
 * it.
 */
final class EngineSwarmApi implements SwarmApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A finished task's log is read from its node's disk; a node that does not send it within this is lost. */
    private static final Duration LOG_LIMIT = Duration.ofMinutes(2);

    private final DockerEngine engine;

    EngineSwarmApi(DockerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public void createNetwork(String name, Map<String, String> labels) {
        ObjectNode body = JSON.createObjectNode().put("Name", name).put("Driver", "overlay").put("Internal", true)
                .put("Attachable", false).put("CheckDuplicate", true);
        body.set("Labels", JSON.valueToTree(labels));
        engine.run("create the internal overlay network " + name, () -> send("POST", "/networks/create", body));
    }

    @Override
    public boolean removeNetwork(String name) {
        try {
            engine.run("remove the network " + name, () -> send("DELETE", "/networks/" + encode(name), null));
            return true;
        } catch (InfraException e) {
            if (e.getCause() instanceof DockerException d && (d.getHttpStatus() == 404
                    || String.valueOf(d.getMessage()).contains("in use"))) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public String createService(ObjectNode spec) {
        return engine.call("create the Swarm service " + spec.path("Name").asText(),
                () -> send("POST", "/services/create", spec).path("ID").asText());
    }

    @Override
    public List<SwarmTask> tasks(String serviceId) {
        JsonNode tasks = engine.call("list the tasks of Swarm service " + serviceId,
                () -> send("GET", "/tasks?filters=" + filter("service", serviceId), null));
        List<JsonNode> sorted = new ArrayList<>();
        tasks.forEach(sorted::add);
        sorted.sort(Comparator.comparing((JsonNode t) -> t.path("CreatedAt").asText()).reversed());
        return sorted.stream().map(EngineSwarmApi::task).toList();
    }

    static SwarmTask task(JsonNode t) {
        JsonNode status = t.path("Status");
        JsonNode exit = status.path("ContainerStatus").path("ExitCode");
        return new SwarmTask(t.path("ID").asText(), status.path("State").asText(), t.path("NodeID").asText(""),
                status.path("Message").asText(""), status.path("Err").asText(""),
                exit.isIntegralNumber() ? Optional.of(exit.asInt()) : Optional.empty());
    }

    @Override
    public boolean nodeReady(String nodeId) {
        JsonNode nodes = engine.call("inspect Swarm node " + nodeId,
                () -> send("GET", "/nodes?filters=" + filter("id", nodeId), null));
        for (JsonNode n : nodes) {
            if (n.path("ID").asText().equals(nodeId)) {
                return "ready".equals(n.path("Status").path("State").asText());
            }
        }
        return false;
    }

    /** Every node: its id, then its state and architecture ({@code ready x86_64}). */
    Map<String, String> nodes() {
        JsonNode nodes = engine.call("list the swarm's nodes", () -> send("GET", "/nodes", null));
        Map<String, String> found = new LinkedHashMap<>();
        for (JsonNode n : nodes) {
            found.put(n.path("ID").asText(), n.path("Status").path("State").asText("unknown") + " "
                    + n.path("Description").path("Platform").path("Architecture").asText("unknown"));
        }
        return found;
    }

    @Override
    public void logs(String serviceId, Consumer<String> lines) throws InterruptedException {
        FrameLines frames = new FrameLines(lines);
        boolean complete;
        try {
            complete = engine.call("read the log of Swarm service " + serviceId, () -> engine.client()
                    .logServiceCmd(serviceId).withStdout(true).withStderr(true).withFollow(false).exec(frames))
                    .awaitCompletion(LOG_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            throw e instanceof InfraException i ? i : engine.failure("read the log of Swarm service " + serviceId, e);
        } finally {
            DockerImageStore.closeQuietly(frames);
        }
        if (!complete) {
            throw new InfraException("the log of Swarm service " + serviceId + " did not arrive within "
                    + LOG_LIMIT.toSeconds() + " s", "check that the node which ran it is up ('docker node ls')");
        }
        frames.finish();
    }

    @Override
    public void removeService(String serviceId) {
        try {
            engine.run("remove Swarm service " + serviceId, () -> send("DELETE", "/services/" + encode(serviceId), null));
        } catch (InfraException e) {
            if (!(e.getCause() instanceof DockerException d && d.getHttpStatus() == 404)) {
                throw e;
            }
        }
    }

    @Override
    public Map<String, Map<String, String>> services(String label) {
        return labelled("/services", label, s -> s.path("Spec").path("Labels"));
    }

    @Override
    public Map<String, Map<String, String>> networks(String label) {
        return labelled("/networks", label, n -> n.path("Labels"));
    }

    private Map<String, Map<String, String>> labelled(String path, String label,
            java.util.function.Function<JsonNode, JsonNode> labelsOf) {
        JsonNode all = engine.call("list kmodfarm's " + path.substring(1),
                () -> send("GET", path + "?filters=" + filter("label", label + "=true"), null));
        Map<String, Map<String, String>> found = new LinkedHashMap<>();
        for (JsonNode o : all) {
            Map<String, String> labels = new LinkedHashMap<>();
            labelsOf.apply(o).properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            found.put(o.has("ID") ? o.path("ID").asText() : o.path("Id").asText(), labels);
        }
        return found;
    }

    /** One request; the engine's JSON answer (empty for none). @throws DockerException when the engine refuses */
    private JsonNode send(String method, String path, JsonNode body) {
        DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.valueOf(method)).path(path);
        if (body != null) {
            request.putHeader("Content-Type", "application/json")
                    .body(new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8)));
        }
        try (DockerHttpClient.Response response = engine.http().execute(request.build())) {
            byte[] answer = response.getBody().readAllBytes();
            if (response.getStatusCode() / 100 != 2) {
                String text = new String(answer, StandardCharsets.UTF_8);
                throw new DockerException(message(text), response.getStatusCode());
            }
            return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
        } catch (IOException e) {
            throw new UncheckedIOException("the Swarm manager's answer to " + method + " " + path + " failed", e);
        }
    }

    /** The engine's {@code {"message": …}}, or its whole answer when that is not JSON. */
    private static String message(String answer) {
        try {
            return JSON.readTree(answer).path("message").asText(answer).strip();
        } catch (IOException e) {
            return answer.strip();
        }
    }

    private static String filter(String key, String value) {
        return encode(JSON.createObjectNode().set(key, JSON.createArrayNode().add(value)).toString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
