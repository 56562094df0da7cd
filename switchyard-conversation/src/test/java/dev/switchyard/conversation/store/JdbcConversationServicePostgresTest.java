package dev.switchyard.conversation.store;

import dev.switchyard.core.config.ConversationConfig;

/** The contract on three PostgreSQL shards (three schemas). */
class JdbcConversationServicePostgresTest extends ConversationServiceContract {
    @Override
    ConversationConfig config(TestShards shards) {
        return shards.postgresConfig(3);
    }

    @Override
    boolean isPostgres() {
        return true;
    }
}
