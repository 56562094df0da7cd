package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.claude.UpstreamResource;
import dev.switchyard.core.pricing.PriceTable;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.usage.UsageRecord;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchUsageTapTest {
    private static final UpstreamResource BATCH = new UpstreamResource("msgbatch_1", UpstreamResource.Kind.BATCH,
            "dep-a", "tenant-1", "key_1", Instant.EPOCH, false);
    private final List<UsageRecord> records = new ArrayList<>();
    private final PriceTable prices = PriceTable.defaultTable();
    private final BatchUsageTap tap = new BatchUsageTap(BATCH, records::add, prices,
            Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC));

    private static String succeeded(String id, int in, int out) {
        return "{\"custom_id\":\"" + id + "\",\"result\":{\"type\":\"succeeded\",\"message\":{\"model\":"
                + "\"claude-sonnet-4-6\",\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":" + out + "}}}}\n";
    }

    @Test
    void accept_linesSplitAcrossChunks_recordEachSucceededRequestOnce() {
        String jsonl = succeeded("a", 10, 20) + "{\"custom_id\":\"b\",\"result\":{\"type\":\"errored\",\"error\":{}}}\n"
                + succeeded("c", 1000, 2000).trim(); // the last line without its newline
        byte[] bytes = jsonl.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 7) {
            tap.accept(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 7))));
        }

        assertThat(tap.finish()).isEqualTo(2);
        assertThat(records).extracting(UsageRecord::requestId).containsExactly("msgbatch_1/a", "msgbatch_1/c");
        UsageRecord c = records.get(1);
        assertThat(c.keyId()).isEqualTo("key_1");
        assertThat(c.tenantId()).isEqualTo("tenant-1");
        assertThat(c.deployment()).isEqualTo("dep-a");
        assertThat(c.inputTokens()).isEqualTo(1000);
        assertThat(c.outputTokens()).isEqualTo(2000);
        long full = prices.costMicros(new TokenUsage("claude-sonnet-4-6", 1000, 2000, 0, 0));
        assertThat(c.costMicros()).isPositive().isEqualTo(full * BatchUsageTap.BATCH_PRICE_PERCENT / 100);
    }

    @Test
    void accept_aBrokenLine_isSkippedAndTheNextOnesStillCount() {
        tap.accept(Buffer.buffer("{not json\n" + succeeded("z", 1, 1)));

        assertThat(tap.finish()).isEqualTo(1);
        assertThat(records).extracting(UsageRecord::requestId).containsExactly("msgbatch_1/z");
    }
}
