-- Cost events as the Kafka Connect JDBC sink writes them: one row per billed provider attempt.
-- (request_id, attempt) is the event's identity: a redelivered event upserts the same row.
CREATE TABLE cost_events (
    request_id            text        NOT NULL,
    attempt               integer     NOT NULL,
    user_id               text        NOT NULL,
    session_id            text,
    tenant                text,
    provider              text        NOT NULL,
    model                 text        NOT NULL,
    input_tokens          bigint      NOT NULL DEFAULT 0,
    output_tokens         bigint      NOT NULL DEFAULT 0,
    cached_input_tokens   bigint      NOT NULL DEFAULT 0,
    cache_write_tokens    bigint      NOT NULL DEFAULT 0,
    cost_micros           bigint      NOT NULL,
    price_catalog_version text        NOT NULL,
    reason                text        NOT NULL DEFAULT 'UNKNOWN',
    outcome               text        NOT NULL DEFAULT 'UNKNOWN',
    policy_version        text        NOT NULL DEFAULT '',
    estimated_cost_micros bigint      NOT NULL DEFAULT 0,
    request_created_at    timestamptz NOT NULL,
    occurred_at           timestamptz NOT NULL,
    PRIMARY KEY (request_id, attempt)
);
COMMENT ON TABLE cost_events IS 'One billed provider attempt per row, from the llm-cost-events topic; cost in micro-dollars (1e-6 USD).';

CREATE INDEX cost_events_by_time ON cost_events (occurred_at);
CREATE INDEX cost_events_by_user ON cost_events (user_id, occurred_at);
CREATE INDEX cost_events_by_model ON cost_events (provider, model, occurred_at);

-- The price catalog (connectors/providers prices/catalog.yaml), one row per model and catalog version, loaded by
-- the analytics runner at start. Prices are USD per million tokens, so tokens x price = micro-dollars.
CREATE TABLE model_prices (
    catalog_version          text          NOT NULL,
    provider                 text          NOT NULL,
    model                    text          NOT NULL,
    tier                     text          NOT NULL,
    input_per_million        numeric(14,6) NOT NULL,
    output_per_million       numeric(14,6) NOT NULL,
    cached_input_per_million numeric(14,6) NOT NULL,
    cache_write_per_million  numeric(14,6) NOT NULL,
    context_window           bigint        NOT NULL,
    PRIMARY KEY (catalog_version, provider, model)
);

-- The model an "always premium" deployment would call for every request: the baseline of the savings report.
CREATE TABLE premium_reference (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    provider  text NOT NULL,
    model     text NOT NULL
);

-- The reference model's prices in every loaded catalog version.
CREATE VIEW premium_prices AS
SELECT p.*
FROM model_prices p
JOIN premium_reference r ON r.provider = p.provider AND r.model = p.model;
