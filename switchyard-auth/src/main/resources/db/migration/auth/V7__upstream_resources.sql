-- Objects clients created on a deployment through the gateway (message batches, files): every later call
-- about one goes to the deployment that holds it, and only its tenant sees it. No key material.
CREATE TABLE upstream_resources (
    id               VARCHAR NOT NULL PRIMARY KEY,
    kind             VARCHAR NOT NULL,
    deployment       VARCHAR NOT NULL,
    tenant_id        VARCHAR NOT NULL,
    key_id           VARCHAR,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    results_recorded BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE INDEX upstream_resources_tenant ON upstream_resources (tenant_id, kind, created_at);
