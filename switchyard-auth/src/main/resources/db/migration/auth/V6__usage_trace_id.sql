-- The request's trace id (32 hex digits, W3C trace context), so a ledger row leads to its trace.
ALTER TABLE usage_records ADD COLUMN trace_id VARCHAR(32);
