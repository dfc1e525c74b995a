-- alert_lifecycle: one row per alert as of now: current state, created, closed, close reason,
-- time to remediate (closed - created, seconds; negative values are upstream data errors) and reopen count.
-- Alerts that never counted (code scanning seen only outside the default branch) are left out.
CREATE OR REPLACE VIEW alert_lifecycle AS
SELECT s.*,
       CASE WHEN s.state <> 'open' THEN s.state END AS close_reason,
       CASE WHEN s.closed_ms IS NOT NULL THEN (s.closed_ms - s.created_ms) / 1000.0 END AS time_to_remediate_seconds
FROM ({{alert_state}}) s
WHERE s.counted
