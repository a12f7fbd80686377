package org.kmodfarm.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code docker import} of a root filesystem tar, sent through docker-java's transport. docker-java 3.7.1's
 * {@code createImageCmd(repository, InputStream)} cannot do it: it serialises the stream object as JSON
 * and the engine answers "Error processing tar file: unexpected EOF" (docker-java issue #2377). Going
 * direct also lets the labels travel in the import itself ({@code changes=LABEL …}).
 */
final class RootfsImport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RootfsImport() {
    }

    /**
     * Imports {@code rootfs} as image {@code tag} with {@code labels}; returns the new image's id.
     *
     * @throws DockerException when the engine refuses (its message and HTTP status)
     * @throws UncheckedIOException when the transport or the engine's answer fails
     */
    static String run(DockerHttpClient http, String tag, InputStream rootfs, Map<String, String> labels) {
        StringBuilder path = new StringBuilder("/images/create?fromSrc=-&repo=").append(encode(tag));
        // Sorted, so that the same labels always give the same image configuration.
        new TreeMap<>(labels).forEach((k, v) -> path.append("&changes=")
                .append(encode("LABEL " + quote(k) + "=" + quote(v))));
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path(path.toString())
                .putHeader("Content-Type", "application/x-tar")
                .body(rootfs)
                .build();
        try (DockerHttpClient.Response response = http.execute(request)) {
            if (response.getStatusCode() != 200) {
                String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
                throw new DockerException(body.strip(), response.getStatusCode());
            }
            return imageId(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the engine's answer to an import failed", e);
        }
    }

    /** Reads the progress stream to its end: the engine reports failures in it, the id in its last message. */
    private static String imageId(InputStream progress) throws IOException {
        String id = null;
        try (MappingIterator<JsonNode> messages = JSON.readerFor(JsonNode.class).readValues(progress)) {
            while (messages.hasNextValue()) {
                JsonNode m = messages.nextValue();
                if (m.has("errorDetail") || m.has("error")) {
                    String error = m.path("errorDetail").path("message").asText(m.path("error").asText());
                    throw new DockerException(error, 500);
                }
                String status = m.path("status").asText("");
                if (status.startsWith("sha256:")) {
                    id = status.strip();
                }
            }
        }
        if (id == null) {
            throw new DockerException("the engine's answer to the import held no image id", 500);
        }
        return id;
    }

    /** A Dockerfile word in double quotes: only backslash and quote need escaping there. */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
