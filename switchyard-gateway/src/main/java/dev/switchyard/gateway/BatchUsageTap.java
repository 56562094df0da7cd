package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.claude.UpstreamResource;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.secret.KeyRedaction;
import dev.switchyard.core.pricing.PriceTable;
import dev.switchyard.usage.UsageRecord;
import dev.switchyard.usage.UsageSink;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a batch's results (JSON Lines) as they stream to the client and writes one ledger record per
 * request that succeeded, priced at the batch rate ({@link #BATCH_PRICE_PERCENT} of the model's). Record
 * ids are {@code <batch id>/<custom_id>}: a second fetch of the same results adds nothing to a ledger that
 * keeps request ids unique. A line longer than {@link #MAX_LINE} is passed on but not recorded. An observer:
 * nothing here fails the relay.
 */
final class BatchUsageTap implements Consumer<Buffer> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchUsageTap.class);
    /** Message Batches cost half the price of the same requests made one by one. */
    static final int BATCH_PRICE_PERCENT = 50;
    static final int MAX_LINE = 16 * 1024 * 1024;

    private final UpstreamResource batch;
    private final UsageSink sink;
    private final PriceTable prices;
    private final Clock clock;
    private Buffer line = Buffer.buffer();
    private boolean skipping;
    private int recorded;

    BatchUsageTap(UpstreamResource batch, UsageSink sink, PriceTable prices, Clock clock) {
        this.batch = batch;
        this.sink = sink;
        this.prices = prices;
        this.clock = clock;
    }

    @Override
    public void accept(Buffer chunk) {
        int start = 0;
        for (int i = 0; i < chunk.length(); i++) {
            if (chunk.getByte(i) == '\n') {
                append(chunk, start, i);
                endLine();
                start = i + 1;
            }
        }
        append(chunk, start, chunk.length());
    }

    /** The stream ended: a last line without a newline counts too. Returns how many records were written. */
    int finish() {
        endLine();
        return recorded;
    }

    private void append(Buffer chunk, int from, int to) {
        if (skipping || to <= from) {
            return;
        }
        if (line.length() + (to - from) > MAX_LINE) {
            skipping = true;
            line = Buffer.buffer();
            return;
        }
        line.appendBuffer(chunk, from, to - from);
    }

    private void endLine() {
        if (!skipping && line.length() > 0) {
            try {
                record(Json.mapper().readTree(line.getBytes()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("batch {}: a result line could not be read for the ledger ({})", batch.id(),
                        e.getClass().getSimpleName());
            }
        }
        skipping = false;
        line = Buffer.buffer();
    }

    private void record(JsonNode result) {
        if (!"succeeded".equals(result.path("result").path("type").asText())) {
            return;
        }
        JsonNode message = result.path("result").path("message");
        JsonNode u = message.path("usage");
        String model = message.path("model").asText(null);
        TokenUsage used = new TokenUsage(model, u.path("input_tokens").asLong(), u.path("output_tokens").asLong(),
                u.path("cache_creation_input_tokens").asLong(), u.path("cache_read_input_tokens").asLong());
        long cost = model == null ? 0 : prices.costMicros(used) * BATCH_PRICE_PERCENT / 100;
        String requestId = batch.id() + "/" + result.path("custom_id").asText("");
        sink.record(new UsageRecord(clock.instant(), requestId, batch.keyId(), batch.tenantId(), null,
                KeyRedaction.redact(model), KeyRedaction.redact(model), batch.deployment(), used.inputTokens(),
                used.outputTokens(), used.cacheCreationTokens(), used.cacheReadTokens(), cost, 0, -1, 200, 0, false,
                false, 0, null, null));
        recorded++;
    }
}
