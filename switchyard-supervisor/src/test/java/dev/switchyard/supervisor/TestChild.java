package dev.switchyard.supervisor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for a Switchyard process, started by the supervisor in tests with the same arguments
 * ({@code run --config F --roles R --instance-id ID [--port P] [--role-port P]}). It serves on its health port:
 * {@code GET /health} (200 with {"requests": N}, or 503 once sick), {@code GET /work} (counts a request),
 * {@code GET /supervisor} (the SWITCHYARD_SUPERVISOR_URL it was given),
 * {@code POST /sick}, {@code POST /exit}. Flags before the usual arguments: {@code --crash} exits at once
 * with code 3; {@code --ignore-term} makes SIGTERM hang, so only SIGKILL ends it.
 */
public final class TestChild {
    public static void main(String[] args) throws IOException {
        List<String> argv = List.of(args);
        if (argv.contains("--crash")) {
            System.out.println("crashing on purpose");
            System.exit(3);
        }
        if (argv.contains("--ignore-term")) {
            Runtime.getRuntime().addShutdownHook(new Thread(TestChild::hang));
        }
        int port = argv.contains("--port") ? value(argv, "--port") : value(argv, "--role-port");
        AtomicBoolean sick = new AtomicBoolean();
        AtomicLong requests = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.createContext("/health", ex -> answer(ex, sick.get() ? 503 : 200,
                "{\"status\":\"" + (sick.get() ? "sick" : "ok") + "\",\"requests\":" + requests.get() + "}"));
        server.createContext("/work", ex -> answer(ex, 200, "{\"n\":" + requests.incrementAndGet() + "}"));
        // what a real child's `process` recovery strategy would read; the secret itself is never served
        server.createContext("/supervisor", ex -> answer(ex, 200,
                String.valueOf(System.getenv("SWITCHYARD_SUPERVISOR_URL"))));
        server.createContext("/sick", ex -> {
            sick.set(true);
            answer(ex, 200, "{}");
        });
        server.createContext("/exit", ex -> {
            answer(ex, 200, "{}");
            System.exit(1);
        });
        server.start();
        System.out.println("test child " + String.join(" ", args) + " serving on " + port);
    }

    private static int value(List<String> argv, String flag) {
        return Integer.parseInt(argv.get(argv.indexOf(flag) + 1));
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static void hang() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
