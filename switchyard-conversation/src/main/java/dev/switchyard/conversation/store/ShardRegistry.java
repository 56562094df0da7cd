package dev.switchyard.conversation.store;

import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.jdbc.Sql;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The ring's members, persisted in {@code shard_registry} on the first configured shard so that a restart
 * builds the ring a reshard left behind even if the config file was not edited. A shard being added is
 * recorded as {@code adding} before any data moves and {@code active} once all of it has: an {@code adding}
 * row at start means a reshard was interrupted and must be finished before serving. Passwords are never
 * stored; a shard missing from the config is opened with its recorded location and no password.
 */
final class ShardRegistry {
    static final String ACTIVE = "active";
    static final String ADDING = "adding";

    record Entry(String name, int ordinal, String state, StoreConfig location) {
        ConversationConfig.Shard shard() {
            return new ConversationConfig.Shard(name, location);
        }
    }

    private final ShardStore first;
    private final Clock clock;

    ShardRegistry(ShardStore first, Clock clock) {
        this.first = first;
        this.clock = clock;
    }

    List<Entry> entries() {
        return first.withConnection(connection -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT name, ordinal, state, jdbc_url,"
                    + " db_user, db_schema, embedded_dir, pool_size FROM shard_registry ORDER BY ordinal");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String dir = rows.getString("embedded_dir");
                    StoreConfig location = new StoreConfig(rows.getString("jdbc_url"), rows.getString("db_user"), null,
                            dir == null ? null : Path.of(dir), rows.getInt("pool_size"), rows.getString("db_schema"));
                    entries.add(new Entry(rows.getString("name"), rows.getInt("ordinal"), rows.getString("state"),
                            location));
                }
            }
            return entries;
        });
    }

    /** Records a shard (insert or update), in the given state. */
    void put(ConversationConfig.Shard shard, int ordinal, String state) {
        first.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE shard_registry SET state = ?, updated_at = ? WHERE name = ?")) {
                update.setString(1, state);
                Sql.setInstant(update, 2, clock.instant());
                update.setString(3, shard.name());
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            StoreConfig store = shard.store();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO shard_registry (name, ordinal,"
                    + " state, jdbc_url, db_user, db_schema, embedded_dir, pool_size, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, shard.name());
                insert.setInt(2, ordinal);
                insert.setString(3, state);
                insert.setString(4, withoutPassword(store.jdbcUrl()));
                insert.setString(5, store.user());
                insert.setString(6, store.schema());
                insert.setString(7, store.embeddedDir() == null ? null : store.embeddedDir().toString());
                insert.setInt(8, store.poolSize());
                Sql.setInstant(insert, 9, clock.instant());
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** A password passed as a URL parameter stays in the config, like the password field. */
    static String withoutPassword(String jdbcUrl) {
        return jdbcUrl == null ? null : jdbcUrl.replaceAll("(?i)([?&;])password=[^&;]*[&;]?", "$1").replaceAll("[?&;]$", "");
    }
}
