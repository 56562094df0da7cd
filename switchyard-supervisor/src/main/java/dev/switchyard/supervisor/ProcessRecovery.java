package dev.switchyard.supervisor;

import dev.switchyard.registry.Instance;
import dev.switchyard.registry.health.RecoveryAction;
import io.vertx.core.Future;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The {@code process} recovery strategy: a role none of whose instances has been healthy for the configured
 * checks is restarted by the local supervisor, each of its processes through its own restart backoff (on top of
 * the registry's per-role {@code RecoveryBackoff}). In a process started by {@code switchyard up} it asks that
 * supervisor over its loopback control endpoint ({@link #fromEnvironment}); in the supervisor's own JVM it calls
 * it directly ({@link #local}).
 */
public final class ProcessRecovery implements RecoveryAction {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Function<String, CompletableFuture<Void>> restart;

    private ProcessRecovery(Function<String, CompletableFuture<Void>> restart) {
        this.restart = restart;
    }

    public static ProcessRecovery local(Supervisor supervisor) {
        return new ProcessRecovery(supervisor::restartRole);
    }

    /** Asks the supervisor at {@code supervisor} (its control endpoint), authenticated with the cluster secret. */
    public static ProcessRecovery remote(URI supervisor, String clusterSecret, HttpClient client) {
        return new ProcessRecovery(role -> post(client, supervisor, clusterSecret, role));
    }

    /**
     * The strategy for a process that {@code switchyard up} started: it finds the supervisor in
     * SWITCHYARD_SUPERVISOR_URL and the secret in SWITCHYARD_CLUSTER_SECRET. Empty when either is missing:
     * this process was not started by a supervisor, so {@code process} cannot recover anything from here.
     */
    public static Optional<ProcessRecovery> fromEnvironment(Function<String, String> env) {
        String url = env.apply(Supervisor.SUPERVISOR_URL_ENV);
        String secret = env.apply(Supervisor.SECRET_ENV);
        if (url == null || url.isBlank() || secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        return Optional.of(remote(URI.create(url), secret, client));
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public Future<Void> recover(String role, List<Instance> failing) {
        try {
            return Future.fromCompletionStage(restart.apply(role));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static CompletableFuture<Void> post(HttpClient client, URI supervisor, String secret, String role) {
        HttpRequest request = HttpRequest.newBuilder(supervisor.resolve("/v1/roles/" + role + "/restart"))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + secret)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
            if (error != null) {
                throw new RecoveryFailure("supervisor at " + supervisor + " unreachable ("
                        + error.getClass().getSimpleName() + ")");
            }
            if (response.statusCode() != 202) {
                throw new RecoveryFailure("supervisor at " + supervisor + " answered " + response.statusCode());
            }
            return null;
        });
    }

    /** A recovery that did not work; the message is ours (address, status), never the secret. */
    static final class RecoveryFailure extends RuntimeException {
        RecoveryFailure(String message) {
            super(message, null, false, false);
        }
    }
}
