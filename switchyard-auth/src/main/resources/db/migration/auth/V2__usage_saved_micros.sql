-- A cache hit costs nothing upstream; the ledger keeps what it would have cost.
ALTER TABLE usage_records ADD COLUMN saved_micros BIGINT NOT NULL DEFAULT 0;
