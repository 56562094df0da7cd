package dev.switchyard.auth.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.testkit.MutableClock;
import dev.switchyard.usage.UsageRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillFilesTest {
    @TempDir
    Path dir;

    private static UsageRecord record(String id, boolean hit) {
        return new UsageRecord(Instant.parse("2026-11-27T05:00:00.123456Z"), id, "key_1", "acme", null,
                "sonnet", "claude-sonnet-4-6", "d1", 10, 20, 1, 2, hit ? 0 : 345, 12, -1, 200, 1, false, hit,
                hit ? 345 : 0, hit ? null : "EMAIL:redact");
    }

    @Test
    void writeThenRead_everyFieldSurvives() throws Exception {
        SpillFiles files = new SpillFiles(dir, new MutableClock());
        List<UsageRecord> records = List.of(record("req_a", false), record("req_b", true));

        Path written = files.write(records);

        assertThat(files.read(written).records()).isEqualTo(records);
        assertThat(files.read(written).corruptLines()).isZero();
    }

    @Test
    void read_lineOfAnEarlierVersion_withoutSavedMicros_isReadAndCorruptLinesCounted() throws Exception {
        SpillFiles files = new SpillFiles(dir, new MutableClock());
        Path file = dir.resolve("old" + SpillFiles.READY);
        Files.writeString(file, """
                {"time":"2026-11-26T10:00:00Z","requestId":"req_old","keyId":"key_1","tenantId":"acme","userId":null,\
                "modelAsked":"m","modelServed":"m","deployment":"d","inputTokens":1,"outputTokens":2,\
                "cacheCreationTokens":0,"cacheReadTokens":0,"costMicros":5,"latencyMillis":3,"ttftMillis":-1,\
                "status":200,"retries":0,"fallback":false,"cacheHit":false}
                {"time":"2026-11-26T10:00:01Z"}
                {not json
                """, StandardCharsets.UTF_8);

        SpillFiles.Contents contents = files.read(file);

        assertThat(contents.records()).extracting(UsageRecord::requestId).containsExactly("req_old");
        assertThat(contents.records().getFirst().time()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(contents.records().getFirst().savedMicros()).isZero();
        assertThat(contents.corruptLines()).isEqualTo(2);
    }
}
