package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Works through a batch in the background on the Vert.x timers of the event loop that created it: one
 * request per {@link SimulatorOptions#batchRequestInterval()}, or with no interval a chunk per turn of the
 * loop, so that a large batch never holds the loop. Each request gets what {@code POST /v1/messages}
 * would answer its params: the same message, or the same error as an errored result. A request claims
 * the fault plan like a Messages request, and a fault's status makes it an errored result (its latency,
 * stall and reset have no meaning here). Timers die with the simulator's verticles, so a closed
 * simulator stops processing.
 */
final class BatchProcessor {
    private static final int CHUNK = 256;

    private final Vertx vertx;
    private final long intervalMs;
    private final int responseTokens;
    private final ModelCatalog catalog;
    private final FaultPlan faults;
    private final Stats stats;
    private final Clock clock;

    BatchProcessor(Vertx vertx, SimulatorOptions options, ModelCatalog catalog, FaultPlan faults, Stats stats,
            Clock clock) {
        this.vertx = vertx;
        this.intervalMs = options.batchRequestInterval().toMillis();
        this.responseTokens = options.responseTokens();
        this.catalog = catalog;
        this.faults = faults;
        this.stats = stats;
        this.clock = clock;
    }

    void start(Batch batch) {
        schedule(batch);
    }

    /** After a cancel: settles the rest on the next turn, not after a whole interval. */
    void settleSoon(Batch batch) {
        vertx.runOnContext(v -> step(batch));
    }

    private void schedule(Batch batch) {
        if (intervalMs <= 0) {
            vertx.runOnContext(v -> step(batch));
        } else {
            vertx.setTimer(intervalMs, id -> step(batch));
        }
    }

    private void step(Batch batch) {
        if (batch.step(intervalMs <= 0 ? CHUNK : 1, this::answer, clock.instant().truncatedTo(ChronoUnit.MICROS))) {
            schedule(batch);
        }
    }

    BatchResult answer(JsonNode params) {
        try {
            MessageRequest request = MessageRequest.parse(params, false, catalog);
            Fault fault = faults.claim();
            if (fault != null && fault.status() != 0) {
                stats.faultsInjected.increment();
                return BatchResult.errored(Faults.errorType(fault.status()), Faults.message(fault.status()));
            }
            return BatchResult.succeeded(MessageAnswer.of(request, responseTokens));
        } catch (ApiException e) {
            return BatchResult.errored(e.type(), e.getMessage());
        } catch (RuntimeException e) {
            return BatchResult.errored(ErrorType.API, "Simulator error: " + e); // a bug must not stall the batch
        }
    }
}
