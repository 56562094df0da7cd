-- The key cache's periodic refresh reads the keys changed since the last one it saw. It used updated_at,
-- written from the writing replica's clock before commit: a skewed clock or a slow commit hid a revocation
-- from the other replicas. Each key write now takes the next value of one counter row and stores it in
-- change_seq, as its last statement before commit. The counter row stays locked until that commit, so values
-- are handed out in commit order: once a reader sees change_seq N, every change numbered below N is visible
-- too, and "change_seq > highest seen" misses nothing. (A sequence, nextval, would number at statement time:
-- a transaction holding 41 could commit after a reader had already seen 42.) Key writes are admin actions,
-- rare enough to be serialised on one row. Rows written before this migration keep 0: the first load reads
-- every key anyway.
ALTER TABLE api_keys ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX api_keys_change_seq ON api_keys (change_seq);

CREATE TABLE key_change_counter (
    id  INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL
);
INSERT INTO key_change_counter (id, seq) VALUES (1, 0);
