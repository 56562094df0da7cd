-- A key's response-cache policy for requests that do not say: on_request, always or never.
ALTER TABLE api_keys ADD COLUMN cache_policy VARCHAR NOT NULL DEFAULT 'on_request';
