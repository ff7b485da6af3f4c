-- CostEvent gained cacheKey (the prompt-prefix key whose provider cache the call warmed). The sink maps fields to
-- columns by name and schema evolution is off, so every field of the topic's schema needs its column here first.
ALTER TABLE cost_events ADD COLUMN cache_key text;
