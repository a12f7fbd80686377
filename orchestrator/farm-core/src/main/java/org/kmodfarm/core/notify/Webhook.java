package org.kmodfarm.core.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.kmodfarm.model.InfraException;

/**
 * POSTs the notice as JSON to a URL. With a secret, the body is signed as GitHub signs its webhooks, so
 * receivers can reuse their checks: {@code X-Kmodfarm-Signature-256: sha256=HEX}, HMAC-SHA256 of the exact body.
 */
public final class Webhook implements Notifier {
    /** The signature's header. */
    public static final String SIGNATURE = "X-Kmodfarm-Signature-256";

    private final URI url;
    private final String secret;
    private final HttpClient http;
    private final Duration timeout;

    /** @param secret the HMAC key; empty: the body is sent unsigned */
    public Webhook(URI url, String secret, Duration timeout) {
        this.url = url;
        this.secret = secret;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code sha256=HEX}: HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public void send(Notice notice, byte[] body) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", "kmodfarm")
                .header("X-Kmodfarm-Event", notice.event())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!secret.isEmpty()) {
            request.header(SIGNATURE, signature(secret, body));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new InfraException("the webhook " + url + " did not answer: " + e.getMessage(),
                    "check watch.webhook-url in the configuration and that the receiver is up");
        }
        if (response.statusCode() / 100 != 2) {
            throw new InfraException("the webhook " + url + " answered HTTP " + response.statusCode(),
                    "check the receiver's log; its answer began: " + abbreviate(response.body()));
        }
    }

    @Override
    public String describe() {
        return "webhook " + url + (secret.isEmpty() ? " (unsigned)" : " (signed)");
    }

    private static String abbreviate(String s) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
