package dev.switchyard.auth.store;

import dev.switchyard.claude.UpstreamResource;
import dev.switchyard.claude.UpstreamResources;
import dev.switchyard.jdbc.Database;
import dev.switchyard.jdbc.Sql;
import dev.switchyard.jdbc.Transactions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link UpstreamResources} in the auth store (table {@code upstream_resources}), shared by every gateway
 * replica and kept across restarts. JDBC runs on Vert.x's worker pool, never on an event loop.
 */
public final class JdbcUpstreamResources implements UpstreamResources {
    private static final String COLUMNS = "id, kind, deployment, tenant_id, key_id, created_at, results_recorded";
    private final Vertx vertx;
    private final Transactions transactions;

    public JdbcUpstreamResources(Vertx vertx, Database database) {
        this.vertx = vertx;
        this.transactions = new Transactions(database.dataSource());
    }

    @Override
    public Future<Void> remember(UpstreamResource r) {
        return vertx.executeBlocking(() -> transactions.withConnection("remember an upstream resource", c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO upstream_resources (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, r.id());
                s.setString(2, r.kind().wireName());
                s.setString(3, r.deployment());
                s.setString(4, r.tenantId());
                s.setString(5, r.keyId());
                Sql.setInstant(s, 6, r.createdAt());
                s.setBoolean(7, r.resultsRecorded());
                s.executeUpdate();
                return null;
            }
        }), false);
    }

    @Override
    public Future<UpstreamResource> find(String id) {
        return vertx.executeBlocking(() -> transactions.withConnection("read an upstream resource",
                c -> one(c, id)), false);
    }

    @Override
    public Future<Void> forget(String id) {
        return vertx.executeBlocking(() -> transactions.withConnection("forget an upstream resource", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM upstream_resources WHERE id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
                return null;
            }
        }), false);
    }

    @Override
    public Future<Boolean> markRecorded(String id) {
        return vertx.executeBlocking(() -> transactions.withConnection("mark batch results recorded", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE upstream_resources SET results_recorded = TRUE"
                    + " WHERE id = ? AND results_recorded = FALSE")) {
                s.setString(1, id);
                return s.executeUpdate() == 1; // one replica wins; the others see false
            }
        }), false);
    }

    @Override
    public Future<Page> list(UpstreamResource.Kind kind, String tenantId, String beforeId, String afterId,
            int limit) {
        return vertx.executeBlocking(() -> transactions.withConnection("list upstream resources",
                c -> page(c, kind, tenantId, beforeId, afterId, limit)), false);
    }

    /** Newest first, keyed on (created_at, id); a cursor id this tenant does not hold gives an empty page. */
    private static Page page(Connection c, UpstreamResource.Kind kind, String tenantId, String beforeId,
            String afterId, int limit) throws SQLException {
        String cursorId = afterId != null ? afterId : beforeId;
        UpstreamResource cursor = cursorId == null ? null : one(c, cursorId);
        if (cursorId != null && (cursor == null || !cursor.tenantId().equals(tenantId) || cursor.kind() != kind)) {
            return new Page(List.of(), false);
        }
        boolean backwards = beforeId != null;
        String where = cursor == null ? "" : backwards ? " AND (created_at > ? OR (created_at = ? AND id > ?))"
                : " AND (created_at < ? OR (created_at = ? AND id < ?))";
        String order = backwards ? " ORDER BY created_at, id" : " ORDER BY created_at DESC, id DESC";
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM upstream_resources"
                + " WHERE tenant_id = ? AND kind = ?" + where + order + " LIMIT ?")) {
            int i = 1;
            s.setString(i++, tenantId);
            s.setString(i++, kind.wireName());
            if (cursor != null) {
                Sql.setInstant(s, i++, cursor.createdAt());
                Sql.setInstant(s, i++, cursor.createdAt());
                s.setString(i++, cursor.id());
            }
            s.setInt(i, limit + 1);
            List<UpstreamResource> rows = rows(s);
            boolean more = rows.size() > limit;
            List<UpstreamResource> items = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())));
            if (backwards) {
                Collections.reverse(items);
            }
            return new Page(items, more);
        }
    }

    private static UpstreamResource one(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM upstream_resources WHERE id = ?")) {
            s.setString(1, id);
            List<UpstreamResource> rows = rows(s);
            return rows.isEmpty() ? null : rows.get(0);
        }
    }

    private static List<UpstreamResource> rows(PreparedStatement s) throws SQLException {
        List<UpstreamResource> list = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                list.add(new UpstreamResource(rs.getString("id"), UpstreamResource.Kind.parse(rs.getString("kind")),
                        rs.getString("deployment"), rs.getString("tenant_id"), rs.getString("key_id"),
                        Sql.instant(rs, "created_at"), rs.getBoolean("results_recorded")));
            }
        }
        return list;
    }
}
