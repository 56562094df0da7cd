package dev.switchyard.auth.ledger;

import dev.switchyard.usage.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.stream.Stream;
import javax.sql.DataSource;

/** Test records and direct reads of the ledger's tables. */
final class Usage {
    private Usage() {}

    static UsageRecord record(String requestId, Instant time, String keyId, String tenantId, String model,
            long costMicros, int status) {
        return new UsageRecord(time, requestId, keyId, tenantId, "user-1", model, model, "dep-1", 100, 20, 5, 7,
                costMicros, 250, 40, status, 0, false, false);
    }

    static UsageRecord record(String requestId, long costMicros) {
        return record(requestId, Instant.parse("2025-03-01T12:00:00Z"), "key_a", "team-a", "claude-sonnet-4",
                costMicros, 200);
    }

    static long count(DataSource dataSource, String sql) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static long rows(DataSource dataSource) throws Exception {
        return count(dataSource, "SELECT COUNT(*) FROM usage_records");
    }

    static long distinctRequestIds(DataSource dataSource) throws Exception {
        return count(dataSource, "SELECT COUNT(DISTINCT request_id) FROM usage_records");
    }

    static long spend(DataSource dataSource, String scope, LocalDate day) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT COALESCE(SUM(spent_micros), 0) FROM spend_totals WHERE scope = ? AND day = ?")) {
            statement.setString(1, scope);
            statement.setObject(2, day);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static long files(Path dir, String suffix) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
