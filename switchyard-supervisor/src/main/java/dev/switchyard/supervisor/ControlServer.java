package dev.switchyard.supervisor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchyard.core.error.ErrorBodies;
import dev.switchyard.core.error.ErrorType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The supervisor's control endpoint, on loopback only: {@code POST /v1/roles/{role}/restart} with
 * {@code Authorization: Bearer <cluster secret>} asks for the role's processes to be restarted (202). This is
 * how a child's {@code process} recovery strategy reaches the supervisor that started it (it finds the URL in
 * SWITCHYARD_SUPERVISOR_URL). Anything else: 401 without the secret, 404 for another path or role, 400 for
 * another method. The secret is compared in constant time and never logged.
 */
final class ControlServer {
    private static final Pattern RESTART = Pattern.compile("/v1/roles/([a-z]+)/restart");

    private final HttpServer server;
    private final ExecutorService executor;

    private ControlServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static ControlServer start(String secret, Set<String> roles, Consumer<String> restartRole) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "switchyard-supervisor-control");
            t.setDaemon(true);
            return t;
        });
        byte[] expected = ("Bearer " + secret).getBytes(StandardCharsets.UTF_8);
        server.createContext("/", ex -> {
            try (ex) {
                handle(ex, expected, roles, restartRole);
            }
        });
        server.setExecutor(executor);
        server.start();
        return new ControlServer(server, executor);
    }

    private static void handle(HttpExchange ex, byte[] expected, Set<String> roles, Consumer<String> restartRole)
            throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !MessageDigest.isEqual(expected, auth.getBytes(StandardCharsets.UTF_8))) {
            error(ex, ErrorType.AUTHENTICATION, "the cluster secret is required");
            return;
        }
        Matcher m = RESTART.matcher(ex.getRequestURI().getPath());
        if (!m.matches() || !roles.contains(m.group(1))) {
            error(ex, ErrorType.NOT_FOUND, "no such role in this topology");
            return;
        }
        if (!ex.getRequestMethod().equals("POST")) {
            error(ex, ErrorType.INVALID_REQUEST, "use POST");
            return;
        }
        restartRole.accept(m.group(1));
        answer(ex, 202, "{\"status\":\"restarting\"}");
    }

    /** Errors in Anthropic's shape, as everywhere else in Switchyard. */
    private static void error(HttpExchange ex, ErrorType type, String message) throws IOException {
        answer(ex, type.status(), ErrorBodies.json(type, message, null));
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }
}
