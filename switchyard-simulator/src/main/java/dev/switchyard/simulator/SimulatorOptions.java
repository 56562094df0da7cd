package dev.switchyard.simulator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link ClaudeSimulator} listens and answers.
 *
 * @param host              address to bind
 * @param port              port to bind; 0 picks a free one
 * @param timeToFirstToken  delay between the start of a stream and its first text delta; non-streaming
 *                          answers ignore it (see {@link ClaudeSimulator})
 * @param tokensPerSecond   pace of text deltas after the first; 0 or less (or 1,000,000 and more) sends
 *                          them all at once
 * @param responseTokens    words in every answer (one word is one output token), before max_tokens caps it
 * @param models            model ids the simulator knows, newest first; iteration order is kept (default:
 *                          every current id and the deprecated ones still served)
 * @param requiredApiKey    the one accepted key, or null to accept any non-empty key
 * @param eventLoops        HttpServer instances sharing the port, each on its own event loop; 0 = cores
 * @param batchRequestInterval time a Message Batch spends on each of its requests, in whole milliseconds;
 *                          zero processes them as fast as the event loop allows
 * @param maxFileBytes      the largest file {@code POST /v1/files} takes; a larger one gets 413
 * @param fileStorageBytes  the bytes all stored files may take together; an upload past it makes room by
 *                          forgetting the oldest files
 */
public record SimulatorOptions(String host, int port, Duration timeToFirstToken, double tokensPerSecond,
        int responseTokens, Set<String> models, String requiredApiKey, int eventLoops,
        Duration batchRequestInterval, long maxFileBytes, long fileStorageBytes) {

    /**
     * Every id the official SDKs know (TypeScript SDK 1.14), in their order, then the deprecated ones the
     * API still serves: a client may send any of them through the gateway and must get an answer.
     */
    static final List<String> DEFAULT_MODELS = List.of(
            "claude-opus-5", "claude-opus-5-5", "claude-sonnet-5", "claude-sonnet-5-5", "claude-haiku-5-5",
            "claude-fable-5", "claude-fable-5-1", "claude-fable-5-2",
            "claude-mythos-5", "claude-mythos-5-1", "claude-mythos-5-2",
            "claude-opus-4-8", "claude-opus-4-7", "claude-opus-4-6", "claude-sonnet-4-6",
            "claude-haiku-4-5", "claude-haiku-4-5-20251001",
            "claude-sonnet-4-5", "claude-opus-4-5", "claude-mythos-preview");

    public SimulatorOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
        Objects.requireNonNull(models, "models");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (timeToFirstToken.isNegative()) {
            throw new IllegalArgumentException("timeToFirstToken must not be negative");
        }
        if (Double.isNaN(tokensPerSecond)) {
            throw new IllegalArgumentException("tokensPerSecond must be a number");
        }
        if (responseTokens < 1) {
            throw new IllegalArgumentException("responseTokens must be at least 1: " + responseTokens);
        }
        if (models.isEmpty() || models.stream().anyMatch(m -> m == null || m.isBlank())) {
            throw new IllegalArgumentException("models must be non-empty ids");
        }
        if (requiredApiKey != null && requiredApiKey.isEmpty()) {
            throw new IllegalArgumentException("requiredApiKey must be null or non-empty");
        }
        if (eventLoops < 0) {
            throw new IllegalArgumentException("eventLoops must not be negative: " + eventLoops);
        }
        Objects.requireNonNull(batchRequestInterval, "batchRequestInterval");
        if (batchRequestInterval.isNegative()) {
            throw new IllegalArgumentException("batchRequestInterval must not be negative");
        }
        if (maxFileBytes < 1 || fileStorageBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes and fileStorageBytes must be at least 1");
        }
        // A copy that keeps the caller's order: the models list answers in that order.
        models = Collections.unmodifiableSet(new LinkedHashSet<>(models));
    }

    /**
     * 127.0.0.1, an ephemeral port, 20 ms to first token, 200 tokens/s, 24 tokens, current models, any key;
     * 5 ms per batch request, files up to 32 MiB, 256 MiB of them in all.
     */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions("127.0.0.1", 0, Duration.ofMillis(20), 200, 24,
                new LinkedHashSet<>(DEFAULT_MODELS), null, 0, Duration.ofMillis(5), 32L << 20, 256L << 20);
    }

    public SimulatorOptions withHost(String host) {
        return new SimulatorOptions(host, port, timeToFirstToken, tokensPerSecond, responseTokens, models,
                requiredApiKey, eventLoops, batchRequestInterval, maxFileBytes, fileStorageBytes);
    }

    public SimulatorOptions withPort(int port) {
        return new SimulatorOptions(host, port, timeToFirstToken, tokensPerSecond, responseTokens, models,
                requiredApiKey, eventLoops, batchRequestInterval, maxFileBytes, fileStorageBytes);
    }

    public SimulatorOptions withTimeToFirstToken(Duration timeToFirstToken) {
        return new SimulatorOptions(host, port, timeToFirstToken, tokensPerSecond, responseTokens, models,
                requiredApiKey, eventLoops, batchRequestInterval, maxFileBytes, fileStorageBytes);
    }

    public SimulatorOptions withTokensPerSecond(double tokensPerSecond) {
        return new SimulatorOptions(host, port, timeToFirstToken, tokensPerSecond, responseTokens, models,
                requiredApiKey, eventLoops, batchRequestInterval, maxFileBytes, fileStorageBytes);
    }

    public SimulatorOptions withResponseTokens(int responseTokens) {
        return new SimulatorOptions(host, port, timeToFirstToken, tokensPerSecond, responseTokens, models,
                requiredApiKey, eventLoops, batchRequestInterval, maxFileBytes, fileStorageBytes);
    }

    public SimulatorOptions withModels(Set<String> models) {
        return new SimulatorOptions(host, port, timeToFirstToken, tokensPerSecond, responseTokens, models,
                requiredApiKey, eventLoops, batchRequestInterval, maxFileBytes, fileStorageBytes);
    }

    public SimulatorOptions withRequiredApiKey(String requiredApiKey) {
        return new SimulatorOptions(host, port, timeToFirstToken, tokensPerSecond, responseTokens, models,
                requiredApiKey, eventLoops, batchRequestInterval, maxFileBytes, fileStorageBytes);
    }

    public SimulatorOptions withEventLoops(int eventLoops) {
        return new SimulatorOptions(host, port, timeToFirstToken, tokensPerSecond, responseTokens, models,
                requiredApiKey, eventLoops, batchRequestInterval, maxFileBytes, fileStorageBytes);
    }

    public SimulatorOptions withBatchRequestInterval(Duration batchRequestInterval) {
        return new SimulatorOptions(host, port, timeToFirstToken, tokensPerSecond, responseTokens, models,
                requiredApiKey, eventLoops, batchRequestInterval, maxFileBytes, fileStorageBytes);
    }

    public SimulatorOptions withMaxFileBytes(long maxFileBytes) {
        return new SimulatorOptions(host, port, timeToFirstToken, tokensPerSecond, responseTokens, models,
                requiredApiKey, eventLoops, batchRequestInterval, maxFileBytes, fileStorageBytes);
    }

    public SimulatorOptions withFileStorageBytes(long fileStorageBytes) {
        return new SimulatorOptions(host, port, timeToFirstToken, tokensPerSecond, responseTokens, models,
                requiredApiKey, eventLoops, batchRequestInterval, maxFileBytes, fileStorageBytes);
    }
}
