package dev.switchyard.conversation.store;

import dev.switchyard.conversation.Conversation;
import dev.switchyard.conversation.ConversationScope;
import dev.switchyard.conversation.NewMessage;
import dev.switchyard.conversation.StoredMessage;
import dev.switchyard.conversation.UserProfile;
import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.jdbc.Database;
import dev.switchyard.jdbc.Sql;
import dev.switchyard.jdbc.SqlWork;
import dev.switchyard.jdbc.Transactions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One shard's tables over JDBC. Knows nothing of the ring: the caller has already picked the shard.
 * Tenant checks are in the SQL ({@code AND tenant_id = ?}), so another tenant's row is simply absent.
 */
final class ShardStore implements AutoCloseable {
    static final String MIGRATIONS = "classpath:db/migration/conversation";
    /**
     * Where a shard lives when its config names no schema: PostgreSQL schema {@code conversation}, or, for the
     * embedded H2, its own file under {@code <embeddedDir>/conversation}. Flyway needs a schema per set of
     * migrations, so the auth tables and these never share one; a separate H2 file also lets stats measure it.
     */
    static final String DEFAULT_SCHEMA = "conversation";
    /** A duplicate (conversation_id, seq) means a concurrent append won the race: run again on its count. */
    private static final Transactions.Retry APPEND_RETRY = Transactions.Retry.onSqlState("23505", 3);
    private static final String CONVERSATION_COLUMNS =
            "id, tenant_id, user_id, ring_position, title, message_count, bytes, created_at, updated_at";

    private final String name;
    private final StoreConfig config;
    private final Path embeddedDir;
    private final Database database;
    private final Transactions transactions;
    /** Heads every failure's message: which shard failed. */
    private final String context;

    private ShardStore(String name, StoreConfig config, Path embeddedDir, Database database) {
        this.name = name;
        this.config = config;
        this.embeddedDir = embeddedDir;
        this.database = database;
        this.transactions = new Transactions(database.dataSource());
        this.context = "conversation shard " + name;
    }

    static ShardStore open(String name, StoreConfig config) {
        if (config.isEmbedded()) {
            StoreConfig file = embeddedFile(config);
            return new ShardStore(name, config, file.embeddedDir(), Database.open(file, null, MIGRATIONS));
        }
        return new ShardStore(name, config, null, Database.open(config, schemaOf(config), MIGRATIONS));
    }

    /**
     * The store an embedded shard's file is opened as. H2 cannot set a connection's schema before it exists, so
     * an embedded shard gets a file of its own, in a directory named after the schema.
     */
    static StoreConfig embeddedFile(StoreConfig config) {
        Path dir = config.embeddedDir() == null ? Path.of("data") : config.embeddedDir();
        return new StoreConfig(null, null, null, dir.resolve(schemaOf(config)), config.poolSize(), null);
    }

    static Path embeddedFilesDir(StoreConfig config) {
        return embeddedFile(config).embeddedDir();
    }

    private static String schemaOf(StoreConfig config) {
        return config.schema() == null ? DEFAULT_SCHEMA : config.schema();
    }

    String name() {
        return name;
    }

    javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    StoreConfig config() {
        return config;
    }

    @Override
    public void close() {
        database.close();
    }

    @Override
    public String toString() {
        return name;
    }

    // --- conversations -------------------------------------------------------------------------------------

    void insert(Rows.ConversationRow row) {
        run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO conversations ("
                    + CONVERSATION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindConversation(insert, row);
                insert.executeUpdate();
            }
            return null;
        });
    }

    Optional<Conversation> find(ConversationScope scope, String id) {
        return run(connection -> findConversation(connection, scope, id, false));
    }

    /** Up to {@code limit} of the user's conversations after the cursor, newest update first. */
    List<Conversation> list(String tenantId, String userId, int limit, ListCursor after) {
        String sql = "SELECT " + CONVERSATION_COLUMNS + " FROM conversations WHERE tenant_id = ? AND user_id = ?"
                + (after == null ? "" : " AND (updated_at < ? OR (updated_at = ? AND id < ?))")
                + " ORDER BY updated_at DESC, id DESC LIMIT ?";
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int i = 1;
                select.setString(i++, tenantId);
                select.setString(i++, userId);
                if (after != null) {
                    Sql.setInstant(select, i++, after.updatedAt());
                    Sql.setInstant(select, i++, after.updatedAt());
                    select.setString(i++, after.id());
                }
                select.setInt(i, limit);
                List<Conversation> page = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(conversation(rows));
                    }
                }
                return page;
            }
        });
    }

    /** Deletes the conversation and (by cascade) its messages; false when the scope has no such conversation. */
    boolean delete(ConversationScope scope, String id) {
        return run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM conversations WHERE " + inScope(scope))) {
                bindScope(delete, scope, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** Every message, oldest first; empty when the scope has no such conversation. */
    Optional<List<StoredMessage>> messages(ConversationScope scope, String id) {
        return run(connection -> {
            if (findConversation(connection, scope, id, false).isEmpty()) {
                return Optional.empty();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT seq, role, content, created_at FROM messages WHERE conversation_id = ? ORDER BY seq")) {
                select.setString(1, id);
                List<StoredMessage> messages = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        messages.add(new StoredMessage(rows.getInt("seq"), rows.getString("role"),
                                rows.getString("content"), Sql.instant(rows, "created_at")));
                    }
                }
                return Optional.of(messages);
            }
        });
    }

    /**
     * Appends after the last message in one transaction. The conversation row is locked (FOR UPDATE) first,
     * so concurrent appends to one conversation take turns and each sees the count the previous one left;
     * the primary key (conversation_id, seq) would refuse a duplicate anyway, and such a refusal is retried.
     */
    Optional<List<StoredMessage>> append(ConversationScope scope, String id, List<NewMessage> messages, Instant now) {
        return transactions.inTransaction(context, APPEND_RETRY,
                connection -> appendLocked(connection, scope, id, messages, now));
    }

    private Optional<List<StoredMessage>> appendLocked(Connection connection, ConversationScope scope, String id,
            List<NewMessage> messages, Instant now) throws SQLException {
        Optional<Conversation> locked = findConversation(connection, scope, id, true);
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        int seq = locked.get().messageCount();
        long bytes = 0;
        List<StoredMessage> stored = new ArrayList<>(messages.size());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO messages (conversation_id, seq, role, content, created_at) VALUES (?, ?, ?, ?, ?)")) {
            for (NewMessage message : messages) {
                StoredMessage next = new StoredMessage(++seq, message.role(), message.content(), now);
                bindMessage(insert, new Rows.MessageRow(id, next.seq(), next.role(), next.content(), now));
                insert.addBatch();
                stored.add(next);
                bytes += message.content().getBytes(StandardCharsets.UTF_8).length;
            }
            insert.executeBatch();
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE conversations SET message_count = ?, bytes = bytes + ?, updated_at = ? WHERE id = ?")) {
            update.setInt(1, seq);
            update.setLong(2, bytes);
            Sql.setInstant(update, 3, now);
            update.setString(4, id);
            update.executeUpdate();
        }
        return Optional.of(stored);
    }

    private static Optional<Conversation> findConversation(Connection connection, ConversationScope scope, String id,
            boolean lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + CONVERSATION_COLUMNS
                + " FROM conversations WHERE " + inScope(scope) + (lock ? " FOR UPDATE" : ""))) {
            bindScope(select, scope, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(conversation(rows)) : Optional.empty();
            }
        }
    }

    /** The condition for one conversation of the scope: its tenant, and its user when the scope names one. */
    private static String inScope(ConversationScope scope) {
        return "id = ? AND tenant_id = ?" + (scope.userId() == null ? "" : " AND user_id = ?");
    }

    private static void bindScope(PreparedStatement statement, ConversationScope scope, String id) throws SQLException {
        statement.setString(1, id);
        statement.setString(2, scope.tenantId());
        if (scope.userId() != null) {
            statement.setString(3, scope.userId());
        }
    }

    // --- profiles ------------------------------------------------------------------------------------------

    Optional<UserProfile> profile(String tenantId, String userId) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT data, updated_at FROM user_profiles WHERE tenant_id = ? AND user_id = ?")) {
                select.setString(1, tenantId);
                select.setString(2, userId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new UserProfile(tenantId, userId, rows.getString("data"),
                                    Sql.instant(rows, "updated_at")))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * Update, else insert-if-absent, else (a concurrent put inserted first) update: portable, since H2 has no
     * {@code ON CONFLICT ... DO UPDATE}.
     */
    void putProfile(Rows.ProfileRow row) {
        transaction(connection -> {
            if (updateProfile(connection, row) == 0 && insertProfiles(connection, List.of(row)) == 0) {
                updateProfile(connection, row);
            }
            return null;
        });
    }

    /**
     * Writes {@code change} of the user's profile (of an empty object when there is none) in one transaction
     * that holds the row locked from read to write, so concurrent changes of one profile apply one after the
     * other and none is lost. An empty profile is inserted first when there is none, so that two first
     * changes lock the same row; a change that throws rolls it back with everything else.
     */
    String changeProfile(Rows.ProfileRow empty, UnaryOperator<String> change) {
        return transaction(connection -> {
            insertProfiles(connection, List.of(empty));
            String current;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT data FROM user_profiles WHERE tenant_id = ? AND user_id = ? FOR UPDATE")) {
                select.setString(1, empty.tenantId());
                select.setString(2, empty.userId());
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    current = rows.getString("data");
                }
            }
            String next = change.apply(current);
            updateProfile(connection, new Rows.ProfileRow(empty.tenantId(), empty.userId(), empty.position(), next,
                    empty.updatedAt()));
            return next;
        });
    }

    private static int updateProfile(Connection connection, Rows.ProfileRow row) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE user_profiles SET data = ?, updated_at = ? WHERE tenant_id = ? AND user_id = ?")) {
            update.setString(1, row.data());
            Sql.setInstant(update, 2, row.updatedAt());
            update.setString(3, row.tenantId());
            update.setString(4, row.userId());
            return update.executeUpdate();
        }
    }

    // --- stats ---------------------------------------------------------------------------------------------

    ShardStats stats() {
        return run(connection -> new ShardStats(name,
                count(connection, "SELECT COUNT(*) FROM conversations"),
                count(connection, "SELECT COUNT(*) FROM (SELECT tenant_id, user_id FROM conversations"
                        + " UNION SELECT tenant_id, user_id FROM user_profiles) u"),
                count(connection, "SELECT COUNT(*) FROM messages"),
                bytesOnDisk(connection),
                lastWrite(connection)));
    }

    /** PostgreSQL: the tables with their indexes and TOAST. H2: the shard's file, or -1 if it cannot be read. */
    private long bytesOnDisk(Connection connection) throws SQLException {
        if (embeddedDir != null) {
            try {
                return Files.size(embeddedDir.resolve("switchyard.mv.db"));
            } catch (IOException e) {
                return -1;
            }
        }
        return count(connection, "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = current_schema() AND c.relkind = 'r'"
                + " AND c.relname IN ('conversations', 'messages', 'user_profiles')");
    }

    private static Instant lastWrite(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT MAX(t) AS last_write FROM (SELECT MAX(updated_at) AS t FROM conversations"
                        + " UNION ALL SELECT MAX(updated_at) AS t FROM user_profiles) w");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return Sql.instant(rows, "last_write");
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    // --- resharding ----------------------------------------------------------------------------------------

    /** Every ring position that has a conversation or a profile here (an index-only scan, once per reshard). */
    List<Long> positions() {
        return run(connection -> {
            List<Long> positions = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT ring_position FROM conversations"
                    + " UNION SELECT ring_position FROM user_profiles");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    positions.add(rows.getLong(1));
                }
            }
            return positions;
        });
    }

    /** Every row of the users at these positions, read in one transaction so the set is consistent. */
    Rows read(Collection<Long> positions) {
        if (positions.isEmpty()) {
            return new Rows(List.of(), List.of(), List.of());
        }
        String in = placeholders(positions.size());
        return transaction(connection -> new Rows(
                select(connection, "SELECT " + CONVERSATION_COLUMNS + " FROM conversations WHERE ring_position IN "
                        + in, positions, ShardStore::conversationRow),
                select(connection, "SELECT m.conversation_id, m.seq, m.role, m.content, m.created_at FROM messages m"
                        + " JOIN conversations c ON c.id = m.conversation_id WHERE c.ring_position IN " + in,
                        positions, ShardStore::messageRow),
                select(connection, "SELECT tenant_id, user_id, ring_position, data, updated_at FROM user_profiles"
                        + " WHERE ring_position IN " + in, positions, ShardStore::profileRow)));
    }

    /**
     * Makes this shard hold exactly {@code rows} for these positions: what it had there before (a copy left
     * by an interrupted reshard) is dropped, then everything is inserted, in one transaction. ON CONFLICT
     * DO NOTHING keeps a re-run harmless even if a leftover escaped the delete.
     */
    void replace(Collection<Long> positions, Rows rows) {
        transaction(connection -> {
            deletePositions(connection, positions);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO conversations ("
                    + CONVERSATION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (Rows.ConversationRow row : rows.conversations()) {
                    bindConversation(insert, row);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages (conversation_id, seq,"
                    + " role, content, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (Rows.MessageRow row : rows.messages()) {
                    bindMessage(insert, row);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            insertProfiles(connection, rows.profiles());
            return null;
        });
    }

    /** Deletes every row of the users at these positions (leftovers of an aborted copy). */
    void delete(Collection<Long> positions) {
        if (!positions.isEmpty()) {
            transaction(connection -> {
                deletePositions(connection, positions);
                return null;
            });
        }
    }

    /**
     * Deletes the users at these positions and leaves a tombstone for each, in one transaction: the commit is
     * the moment the users belong to {@code toShard}, and the tombstones keep that fact through a crash.
     */
    void moveOut(Collection<Long> positions, String toShard, Instant now) {
        transaction(connection -> {
            deletePositions(connection, positions);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO moved_positions (ring_position,"
                    + " to_shard, moved_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (long position : positions) {
                    insert.setLong(1, position);
                    insert.setString(2, toShard);
                    Sql.setInstant(insert, 3, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** The positions this shard has moved out to {@code toShard} (tombstones not yet cleared). */
    Set<Long> movedOut(String toShard) {
        return run(connection -> {
            Set<Long> positions = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT ring_position FROM moved_positions WHERE to_shard = ?")) {
                select.setString(1, toShard);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        positions.add(rows.getLong(1));
                    }
                }
            }
            return positions;
        });
    }

    void clearMovedOut(String toShard) {
        run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM moved_positions WHERE to_shard = ?")) {
                delete.setString(1, toShard);
                return delete.executeUpdate();
            }
        });
    }

    private static void deletePositions(Connection connection, Collection<Long> positions) throws SQLException {
        if (positions.isEmpty()) {
            return;
        }
        String in = placeholders(positions.size());
        // Messages go with their conversations (ON DELETE CASCADE).
        for (String table : List.of("conversations", "user_profiles")) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE ring_position IN " + in)) {
                bindPositions(delete, positions);
                delete.executeUpdate();
            }
        }
    }

    private static int insertProfiles(Connection connection, List<Rows.ProfileRow> profiles) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO user_profiles (tenant_id, user_id,"
                + " ring_position, data, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            int inserted = 0;
            for (Rows.ProfileRow row : profiles) {
                insert.setString(1, row.tenantId());
                insert.setString(2, row.userId());
                insert.setLong(3, row.position());
                insert.setString(4, row.data());
                Sql.setInstant(insert, 5, row.updatedAt());
                inserted += insert.executeUpdate();
            }
            return inserted;
        }
    }

    // --- registry (read and written on the first shard only) -----------------------------------------------

    <T> T withConnection(SqlWork<T> work) {
        return run(work);
    }

    <T> T inTransaction(SqlWork<T> work) {
        return transaction(work);
    }

    // --- JDBC plumbing -------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rows) throws SQLException;
    }

    private <T> T run(SqlWork<T> work) {
        return transactions.withConnection(context, work);
    }

    private <T> T transaction(SqlWork<T> work) {
        return transactions.inTransaction(context, work);
    }

    private static <T> List<T> select(Connection connection, String sql, Collection<Long> positions,
            RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bindPositions(select, positions);
            List<T> result = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
            }
            return result;
        }
    }

    private static String placeholders(int count) {
        return "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }

    private static void bindPositions(PreparedStatement statement, Collection<Long> positions) throws SQLException {
        int i = 1;
        for (long position : positions) {
            statement.setLong(i++, position);
        }
    }

    private static void bindConversation(PreparedStatement insert, Rows.ConversationRow row) throws SQLException {
        insert.setString(1, row.id());
        insert.setString(2, row.tenantId());
        insert.setString(3, row.userId());
        insert.setLong(4, row.position());
        insert.setString(5, row.title());
        insert.setInt(6, row.messageCount());
        insert.setLong(7, row.bytes());
        Sql.setInstant(insert, 8, row.createdAt());
        Sql.setInstant(insert, 9, row.updatedAt());
    }

    private static void bindMessage(PreparedStatement insert, Rows.MessageRow row) throws SQLException {
        insert.setString(1, row.conversationId());
        insert.setInt(2, row.seq());
        insert.setString(3, row.role());
        insert.setString(4, row.content());
        Sql.setInstant(insert, 5, row.createdAt());
    }

    private static Conversation conversation(ResultSet rows) throws SQLException {
        return new Conversation(rows.getString("id"), rows.getString("tenant_id"), rows.getString("user_id"),
                rows.getString("title"), rows.getInt("message_count"), Sql.instant(rows, "created_at"),
                Sql.instant(rows, "updated_at"));
    }

    private static Rows.ConversationRow conversationRow(ResultSet rows) throws SQLException {
        return new Rows.ConversationRow(rows.getString("id"), rows.getString("tenant_id"), rows.getString("user_id"),
                rows.getLong("ring_position"), rows.getString("title"), rows.getInt("message_count"),
                rows.getLong("bytes"), Sql.instant(rows, "created_at"), Sql.instant(rows, "updated_at"));
    }

    private static Rows.MessageRow messageRow(ResultSet rows) throws SQLException {
        return new Rows.MessageRow(rows.getString("conversation_id"), rows.getInt("seq"), rows.getString("role"),
                rows.getString("content"), Sql.instant(rows, "created_at"));
    }

    private static Rows.ProfileRow profileRow(ResultSet rows) throws SQLException {
        return new Rows.ProfileRow(rows.getString("tenant_id"), rows.getString("user_id"),
                rows.getLong("ring_position"), rows.getString("data"), Sql.instant(rows, "updated_at"));
    }
}
