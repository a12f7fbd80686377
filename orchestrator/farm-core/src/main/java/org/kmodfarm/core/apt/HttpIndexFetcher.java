package org.kmodfarm.core.apt;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Fetches over http(s) with timeouts and redirects, and reads {@code file:} URIs (local mirrors). */
public final class HttpIndexFetcher implements IndexFetcher {
    private final HttpClient client;
    private final Duration requestTimeout;

    public HttpIndexFetcher(Duration connectTimeout, Duration requestTimeout) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.requestTimeout = requestTimeout;
    }

    @Override
    public Optional<byte[]> fetch(URI uri) throws IOException {
        if ("file".equals(uri.getScheme())) {
            try {
                return Optional.of(Files.readAllBytes(Path.of(uri)));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("User-Agent", "kmodfarm").GET().build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
        int status = response.statusCode();
        if (status == 404 || status == 410) {
            return Optional.empty();
        }
        if (status != 200) {
            throw new IOException("HTTP " + status + " for " + uri);
        }
        return Optional.of(response.body());
    }
}
