package org.kmodfarm.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodfarm.model.InfraException;

class WebhookTest {
    private static final Notice NOTICE = new Notice(Notice.SCHEMA, "kmodfarm.watch", "m.yaml", "now", null,
            List.of("6.1.0-48-amd64 x86_64"), List.of(), List.of(), Map.of(), Map.of());

    @Test
    void signsAsGithubDoes() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                Webhook.signature("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aRefusingReceiverIsAnInfrastructureErrorNamingTheUrl() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(401, 0);
            exchange.getResponseBody().write("bad signature".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            InfraException e = assertThrows(InfraException.class,
                    () -> new Webhook(url, "k", Duration.ofSeconds(5)).send(NOTICE, new byte[] {'{', '}'}));
            assertTrue(e.getMessage().contains(url + " answered HTTP 401"), e.getMessage());
        } finally {
            server.stop(0);
        }
        assertTrue(NOTICE.worthSending());
    }
}
