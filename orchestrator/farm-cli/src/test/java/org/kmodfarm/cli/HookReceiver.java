package org.kmodfarm.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.kmodfarm.core.notify.Webhook;

/** A webhook receiver on loopback that keeps every notice with its signature and the one the secret gives. */
final class HookReceiver implements AutoCloseable {
    /** One POST: its body, the signature it came with, the signature the shared secret gives the body. */
    record Received(String body, String signature, String expected) {
    }

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();

    HookReceiver(String secret) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(new String(body, StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst(Webhook.SIGNATURE), Webhook.signature(secret, body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
