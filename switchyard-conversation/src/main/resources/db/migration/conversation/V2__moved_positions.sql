-- Tombstones a reshard leaves on the old shard, written in the same transaction that deletes the users it
-- moved out: "position p now lives on to_shard". They tell a resumed reshard which rows on the new shard
-- are the moved users (keep) and which are leftovers of an aborted copy (drop). Cleared when the reshard ends.
CREATE TABLE moved_positions (
    ring_position BIGINT PRIMARY KEY,
    to_shard      VARCHAR NOT NULL,
    moved_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
