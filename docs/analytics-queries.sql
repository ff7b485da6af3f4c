-- The questions users ask of the cost_events table, as docs/ANALYTICS.md explains them.
-- Each query starts with a "-- name:" line; the analytics integration test runs every one against PostgreSQL.
-- Costs are stored in micro-dollars (1e-6 USD); the queries report USD.

-- name: spend_per_user
-- Spend per user over the last 30 days, biggest spenders first.
SELECT user_id,
       count(DISTINCT request_id)                      AS requests,
       count(*)                                        AS billed_attempts,
       round(sum(cost_micros)::numeric / 1000000, 6)   AS spend_usd
FROM cost_events
WHERE occurred_at >= (SELECT max(occurred_at) FROM cost_events) - interval '30 days'
GROUP BY user_id
ORDER BY spend_usd DESC;

-- name: spend_per_model
-- Spend and tokens per provider and model.
SELECT provider,
       model,
       count(*)                                        AS billed_attempts,
       sum(input_tokens)                               AS input_tokens,
       sum(output_tokens)                              AS output_tokens,
       round(sum(cost_micros)::numeric / 1000000, 6)   AS spend_usd
FROM cost_events
GROUP BY provider, model
ORDER BY spend_usd DESC;

-- name: spend_per_day
-- Spend per UTC day.
SELECT (occurred_at AT TIME ZONE 'UTC')::date          AS day,
       count(DISTINCT request_id)                      AS requests,
       round(sum(cost_micros)::numeric / 1000000, 6)   AS spend_usd
FROM cost_events
GROUP BY day
ORDER BY day;

-- name: savings_vs_always_premium
-- What each day's requests cost against what they would have cost had every request gone straight to the premium
-- reference model (premium_reference, openai/gpt-5 unless set otherwise): the request's answering attempt (its
-- successful one, else its last) re-priced at that model's catalog prices, with the same token counts. The row with
-- day NULL is the total.
WITH per_request AS (
    SELECT request_id,
           min((occurred_at AT TIME ZONE 'UTC')::date) AS day,
           sum(cost_micros)                            AS actual_micros
    FROM cost_events
    GROUP BY request_id
), answering_attempt AS (
    SELECT DISTINCT ON (request_id)
           request_id, price_catalog_version, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens
    FROM cost_events
    ORDER BY request_id, (outcome = 'SUCCESS') DESC, attempt DESC
), premium AS (
    SELECT a.request_id,
           ceil((a.input_tokens - a.cached_input_tokens - a.cache_write_tokens) * p.input_per_million
                + a.cached_input_tokens * p.cached_input_per_million
                + a.cache_write_tokens * p.cache_write_per_million
                + a.output_tokens * p.output_per_million) AS premium_micros
    FROM answering_attempt a
    JOIN premium_prices p ON p.catalog_version = a.price_catalog_version
)
SELECT r.day,
       count(*)                                                             AS requests,
       round(sum(r.actual_micros)::numeric / 1000000, 6)                    AS actual_usd,
       round(sum(p.premium_micros) / 1000000, 6)                            AS always_premium_usd,
       round((sum(p.premium_micros) - sum(r.actual_micros)) / 1000000, 6)   AS saved_usd,
       round(100 * (1 - sum(r.actual_micros) / nullif(sum(p.premium_micros), 0)), 1) AS saved_pct
FROM per_request r
JOIN premium p USING (request_id)
GROUP BY ROLLUP (r.day)
ORDER BY r.day NULLS LAST;

-- name: escalation_and_fallback_rates
-- Per UTC day (day NULL: overall): the share of requests that needed a fallback after a failed attempt, the share
-- whose speculative cheap answer was escalated, and what those extra attempts cost.
WITH per_request AS (
    SELECT request_id,
           min((occurred_at AT TIME ZONE 'UTC')::date)                       AS day,
           bool_or(reason = 'FALLBACK')                                      AS fell_back,
           bool_or(reason = 'SPECULATIVE')                                   AS speculative,
           bool_or(reason = 'ESCALATION')                                    AS escalated,
           sum(cost_micros) FILTER (WHERE reason IN ('FALLBACK', 'ESCALATION')) AS extra_micros
    FROM cost_events
    GROUP BY request_id
)
SELECT day,
       count(*)                                                             AS requests,
       round(100.0 * count(*) FILTER (WHERE fell_back) / count(*), 1)        AS fallback_pct,
       round(100.0 * count(*) FILTER (WHERE escalated) / count(*), 1)        AS escalation_pct,
       round(100.0 * count(*) FILTER (WHERE escalated)
             / nullif(count(*) FILTER (WHERE speculative), 0), 1)            AS escalated_of_speculative_pct,
       round(coalesce(sum(extra_micros), 0)::numeric / 1000000, 6)           AS extra_attempts_usd
FROM per_request
GROUP BY ROLLUP (day)
ORDER BY day NULLS LAST;
