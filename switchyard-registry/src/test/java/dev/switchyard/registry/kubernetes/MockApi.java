package dev.switchyard.registry.kubernetes;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode (real HTTP, real watches), started and stopped so that its own
 * deadlock does not fail a test that is done with it.
 *
 * <p>The deadlock (kubernetes-server-mock 8.0.0): when a watch's websocket closes, from either side,
 * {@code WatchEventsListener.onClosed} waits on the server's event loop for the listener's executor, whose
 * pending close of that websocket waits, up to 30 s, for a write on the same event loop.
 * {@code MockWebServer.shutdown} gives up after 10 s with "Unable to close MockWebServer" (or "... Vertx").
 * The event loop frees itself when the 30 s pass. Whether it happens depends on which thread wins a race;
 * clean-clone CI hit it twice in one session. Client-side, nothing differs: the informer has already let go.
 */
final class MockApi {
    private MockApi() {}

    /** A CRUD-mode server, not yet started. */
    static KubernetesMockServer crud() {
        return new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
    }

    /** A CRUD-mode server started on a free port. */
    static KubernetesMockServer started() {
        KubernetesMockServer server = crud();
        server.start();
        return server;
    }

    /** Starts {@code server} on {@code port}, waiting while a previous server's deadlock still holds the port. */
    static void startOn(KubernetesMockServer server, int port) {
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    server.start(port);
                    return true;
                });
    }

    /** Stops {@code server}; a shutdown that timed out on the mock's own deadlock (above) is not a failure. */
    static void stop(KubernetesMockServer server) {
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("Unable to close")) {
                throw e;
            }
        }
    }
}
