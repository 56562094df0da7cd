package dev.switchyard.simulator;

import java.util.Map;

/**
 * A snapshot of what the simulator has seen since start or the last reset. Requests to
 * {@code /_simulator} are not counted.
 *
 * @param requests          every API request, valid or not
 * @param requestsByKind    the same requests by the part of the API they were for
 * @param messages          Messages requests that passed validation, streaming or not
 * @param streamsStarted    streams whose 200 was sent
 * @param streamsCompleted  streams that sent message_stop
 * @param streamsCancelled  streams the client closed before message_stop
 * @param faultsInjected    requests a fault applied to
 * @param connections       TCP connections accepted (HTTP/2 clients multiplex many requests over few)
 * @param lastHeaders       headers of the most recent API request, lower-cased names, repeated values
 *                          joined with ", "; empty when none
 * @param lastBody          body of the most recent {@code POST /v1/messages}, or null
 */
public record SimulatorStats(long requests, RequestsByKind requestsByKind, long messages, long streamsStarted, long streamsCompleted,
        long streamsCancelled, long faultsInjected, long connections, Map<String, String> lastHeaders,
        String lastBody) {

    public SimulatorStats {
        lastHeaders = lastHeaders == null ? Map.of() : Map.copyOf(lastHeaders);
    }

    /**
     * API requests by path, valid or not.
     *
     * @param messages {@code /v1/messages} and {@code /v1/messages/count_tokens}
     * @param batches  {@code /v1/messages/batches} and below
     * @param files    {@code /v1/files} and below
     * @param other    every other path: models, text completions, unknown paths
     */
    public record RequestsByKind(long messages, long batches, long files, long other) {}
}
