-- One shard's tables. Portable SQL: runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
-- VARCHAR without a length rather than TEXT: H2 maps TEXT to a CLOB (H2 caps a VARCHAR at 1,048,576 chars).
-- ring_position is the owner's HashRing position (signed 64-bit), kept so a reshard can select what moves.

CREATE TABLE conversations (
    id            VARCHAR PRIMARY KEY,
    tenant_id     VARCHAR NOT NULL,
    user_id       VARCHAR NOT NULL,
    ring_position BIGINT NOT NULL,
    title         VARCHAR,
    message_count INTEGER NOT NULL DEFAULT 0,
    -- UTF-8 bytes of the messages' content
    bytes         BIGINT NOT NULL DEFAULT 0,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A user's list, newest first, with (updated_at, id) as the keyset cursor.
CREATE INDEX conversations_user_recent ON conversations (tenant_id, user_id, updated_at DESC, id DESC);
CREATE INDEX conversations_position ON conversations (ring_position);

CREATE TABLE messages (
    conversation_id VARCHAR NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    role            VARCHAR NOT NULL,
    content         VARCHAR NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);

CREATE TABLE user_profiles (
    tenant_id     VARCHAR NOT NULL,
    user_id       VARCHAR NOT NULL,
    ring_position BIGINT NOT NULL,
    -- JSON object, stored as given
    data          VARCHAR NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

CREATE INDEX user_profiles_position ON user_profiles (ring_position);

-- The ring's members; only the first configured shard's copy is read. No passwords: those stay in the config.
CREATE TABLE shard_registry (
    name         VARCHAR PRIMARY KEY,
    ordinal      INTEGER NOT NULL,
    -- 'active', or 'adding' while a reshard that adds this shard has not finished
    state        VARCHAR NOT NULL,
    jdbc_url     VARCHAR,
    db_user      VARCHAR,
    db_schema    VARCHAR,
    embedded_dir VARCHAR,
    pool_size    INTEGER NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
