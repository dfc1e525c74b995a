-- alert_lifecycle: one row per alert as of now: current state, created, closed, close reason,
-- time to remediate (closed - created, seconds; negative values are upstream data errors) and reopen count.
-- Alerts that never counted (code scanning seen only outside the default branch) are left out.
-- Seconds divide by 1e3, a double: 1000.0 is a DECIMAL(5,1) in Trino and Athena, which would round every
-- duration (and their means) to a tenth of a second while DuckDB keeps the milliseconds.
CREATE OR REPLACE VIEW alert_lifecycle AS
SELECT s.*,
       CASE WHEN s.state <> 'open' THEN s.state END AS close_reason,
       CASE WHEN s.closed_ms IS NOT NULL THEN (s.closed_ms - s.created_ms) / 1e3 END AS time_to_remediate_seconds
FROM ({{alert_state}}) s
WHERE s.counted
