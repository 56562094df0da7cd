package dev.switchyard.app.topology;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady load on the gateways: threads sending whole Messages requests and threads reading streams to
 * their end, round robin over the gateways. A refused connection (that gateway is restarting) is sent to
 * the next gateway, as the balancer in front of them would; any other failure, a non-200 answer, or a
 * stream that ends without {@code message_stop} is recorded.
 */
final class Load {
    private static final String WHOLE = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":8,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    private static final String STREAM = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":20,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}";
    private static final Pattern REQUESTS = Pattern.compile("\"requests\"\\s*:\\s*(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Integer> gateways;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong streams = new AtomicLong();
    private final AtomicLong next = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    Load(List<Integer> gateways) {
        this.gateways = gateways;
    }

    /** One whole request answered 200 by every gateway. */
    boolean probe() {
        for (int port : gateways) {
            try {
                if (send(port, WHOLE).statusCode() != 200) {
                    return false;
                }
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    void start(int wholeThreads, int streamThreads) {
        running.set(true);
        for (int i = 0; i < wholeThreads; i++) {
            threads.add(Thread.ofVirtual().start(() -> loop(false)));
        }
        for (int i = 0; i < streamThreads; i++) {
            threads.add(Thread.ofVirtual().start(() -> loop(true)));
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(60));
        }
    }

    /** Waits (bounded) until {@code count} more answers have completed, so each step runs under load. */
    void awaitProgress(long count) {
        long target = requests.get() + streams.get() + count;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (requests.get() + streams.get() < target && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** The failures of whole (non-streaming) requests only. */
    List<String> requestFailures() {
        return failures.stream().filter(f -> f.startsWith("request: ")).toList();
    }

    /** Forgets the failures so far (a SIGKILL cuts the streams in flight through the killed process: expected). */
    void clearFailures() {
        failures.clear();
    }

    long completedRequests() {
        return requests.get();
    }

    long completedStreams() {
        return streams.get();
    }

    private void loop(boolean stream) {
        while (running.get()) {
            try {
                if (stream) {
                    streamOnce();
                } else {
                    wholeOnce();
                }
            } catch (Exception e) {
                failures.add((stream ? "stream: " : "request: ") + java.time.LocalTime.now() + " " + e);
            }
        }
    }

    private void wholeOnce() throws Exception {
        HttpResponse<String> r = withFailover(port -> send(port, WHOLE));
        if (r.statusCode() != 200) {
            failures.add("request: " + java.time.LocalTime.now() + " " + r.statusCode() + " " + r.body());
        } else {
            requests.incrementAndGet();
        }
    }

    private void streamOnce() throws Exception {
        HttpResponse<java.io.InputStream> r = withFailover(port -> HTTP.send(request(port, STREAM),
                HttpResponse.BodyHandlers.ofInputStream()));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            if (r.statusCode() != 200) {
                failures.add("stream: status " + r.statusCode());
                return;
            }
            String line;
            boolean stopped = false;
            while ((line = in.readLine()) != null) {
                stopped |= line.equals("event: message_stop");
                if (line.equals("event: error")) {
                    failures.add("stream: error event " + in.readLine());
                    return;
                }
            }
            if (!stopped) {
                failures.add("stream: cut before message_stop");
            } else {
                streams.incrementAndGet();
            }
        }
    }

    private interface Call<T> {
        HttpResponse<T> on(int port) throws Exception;
    }

    /**
     * Round robin over the gateways; a refused connection, or a kept-alive connection the gateway closed
     * before any byte of an answer (a leaving gateway closes its idle connections; the request was never
     * processed), tries the next one, at most once round, as the balancer in front would.
     */
    private <T> HttpResponse<T> withFailover(Call<T> call) throws Exception {
        int start = (int) (next.getAndIncrement() % gateways.size());
        java.io.IOException unanswered = null;
        for (int i = 0; i < gateways.size(); i++) {
            try {
                return call.on(gateways.get((start + i) % gateways.size()));
            } catch (ConnectException e) {
                unanswered = e;
            } catch (java.io.IOException e) {
                if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                    throw e;
                }
                unanswered = e;
            }
        }
        throw unanswered;
    }

    private static HttpResponse<String> send(int port, String body) throws Exception {
        return HTTP.send(request(port, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(int port, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .timeout(Duration.ofSeconds(30)).header("x-api-key", TopologyTest.CLIENT_KEY)
                .header("anthropic-version", "2023-06-01").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Calls a role process has served, from its /health's {@code requests} count; -1 when it does not answer. */
    static long servedBy(int rolePort) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rolePort
                    + "/health")).timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = REQUESTS.matcher(r.body());
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
