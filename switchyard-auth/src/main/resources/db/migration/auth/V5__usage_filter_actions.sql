-- What the content filter did for the request: distinct CATEGORY:action pairs (e.g. EMAIL:redact), never text.
ALTER TABLE usage_records ADD COLUMN filter_actions VARCHAR(255);
