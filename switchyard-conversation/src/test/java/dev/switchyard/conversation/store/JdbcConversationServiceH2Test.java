package dev.switchyard.conversation.store;

import dev.switchyard.core.config.ConversationConfig;

/** The contract on the embedded H2, one shard. */
class JdbcConversationServiceH2Test extends ConversationServiceContract {
    @Override
    ConversationConfig config(TestShards shards) throws Exception {
        return shards.embeddedConfig();
    }

    @Override
    boolean isPostgres() {
        return false;
    }
}
