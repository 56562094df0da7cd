package dev.switchyard.simulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A Message Batch and its results. The processor's timer and any event loop (retrieve, cancel) reach it,
 * so every method holds the batch's lock; a step works through a few requests at most, so none holds it
 * long. A request's params are dropped once it has its result.
 */
final class Batch {
    static final Duration LIFETIME = Duration.ofHours(24);

    enum Status {
        IN_PROGRESS("in_progress"), CANCELING("canceling"), ENDED("ended");

        final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }
    }

    private final String id;
    private final Instant createdAt;
    private final Instant expiresAt;
    private final String resultsUrl;
    private final String[] customIds;
    private final JsonNode[] params;
    private final BatchResult[] results;
    private final int[] counts = new int[BatchResult.Outcome.values().length];
    private int next;
    private Status status = Status.IN_PROGRESS;
    private Instant endedAt;
    private Instant cancelInitiatedAt;

    /** {@code resultsUrl}: where the results will be, given once the batch has ended. */
    Batch(String id, List<BatchRequest> requests, Instant createdAt, String resultsUrl) {
        this.id = id;
        this.createdAt = createdAt;
        this.expiresAt = createdAt.plus(LIFETIME);
        this.resultsUrl = resultsUrl;
        this.customIds = requests.stream().map(BatchRequest::customId).toArray(String[]::new);
        this.params = requests.stream().map(BatchRequest::params).toArray(JsonNode[]::new);
        this.results = new BatchResult[requests.size()];
    }

    String id() {
        return id;
    }

    /**
     * Processes up to {@code max} requests with {@code answer}; a cancel or the expiry settles all the rest
     * at once. Returns whether requests remain.
     */
    synchronized boolean step(int max, Function<JsonNode, BatchResult> answer, Instant now) {
        if (status == Status.ENDED) {
            return false;
        }
        if (status == Status.CANCELING || !now.isBefore(expiresAt)) {
            settleRest(status == Status.CANCELING ? BatchResult.CANCELED : BatchResult.EXPIRED, now);
            return false;
        }
        for (int i = 0; i < max && next < results.length; i++) {
            record(answer.apply(params[next]));
        }
        if (next == results.length) {
            end(now);
            return false;
        }
        return true;
    }

    /** Starts canceling a batch in progress; the next step cancels what is left. False if it was not in progress. */
    synchronized boolean cancel(Instant now) {
        if (status != Status.IN_PROGRESS) {
            return false;
        }
        status = Status.CANCELING;
        cancelInitiatedAt = now;
        return true;
    }

    synchronized boolean ended() {
        return status == Status.ENDED;
    }

    /** The results file: one JSON line per request, in the order of the requests. */
    synchronized Buffer results() {
        Buffer lines = Buffer.buffer(results.length * 256);
        for (int i = 0; i < results.length; i++) {
            lines.appendString("{\"custom_id\":\"").appendString(quote(customIds[i])).appendString("\",\"result\":")
                    .appendString(results[i].json()).appendString("}\n");
        }
        return lines;
    }

    /** The batch object of the API. */
    synchronized ObjectNode json() {
        ObjectNode batch = Json.mapper().createObjectNode().put("id", id).put("type", "message_batch")
                .put("processing_status", status.wireName);
        batch.putObject("request_counts").put("processing", results.length - next)
                .put("succeeded", count(BatchResult.Outcome.SUCCEEDED)).put("errored", count(BatchResult.Outcome.ERRORED))
                .put("canceled", count(BatchResult.Outcome.CANCELED)).put("expired", count(BatchResult.Outcome.EXPIRED));
        batch.put("ended_at", time(endedAt)).put("created_at", time(createdAt)).put("expires_at", time(expiresAt))
                .putNull("archived_at").put("cancel_initiated_at", time(cancelInitiatedAt))
                .put("results_url", status == Status.ENDED ? resultsUrl : null);
        return batch;
    }

    private void settleRest(BatchResult result, Instant now) {
        while (next < results.length) {
            record(result);
        }
        end(now);
    }

    private void record(BatchResult result) {
        results[next] = result;
        params[next] = null;
        counts[result.outcome().ordinal()]++;
        next++;
    }

    private void end(Instant now) {
        status = Status.ENDED;
        endedAt = now;
    }

    private int count(BatchResult.Outcome outcome) {
        return counts[outcome.ordinal()];
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String quote(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }
}
