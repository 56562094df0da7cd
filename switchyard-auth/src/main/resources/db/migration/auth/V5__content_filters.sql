-- The content filter service.
-- What the filter did for a request: distinct CATEGORY:action pairs (e.g. EMAIL:redact), never the text.
ALTER TABLE usage_records ADD COLUMN filter_actions VARCHAR(255);

-- Policies set through /admin/filters; on the same name they win over the config file's.
-- spec: the policy as JSON, in the shape of one filters.policies entry of the config file.
CREATE TABLE filter_policies (
    name       VARCHAR PRIMARY KEY,
    spec       VARCHAR NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Which tenant or key has which policy (scope 'tenant' or 'key'); a key's wins over its tenant's.
CREATE TABLE filter_assignments (
    scope      VARCHAR NOT NULL,
    subject    VARCHAR NOT NULL,
    -- no foreign key: the policy may be one of the config file's
    policy     VARCHAR NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (scope, subject)
);
