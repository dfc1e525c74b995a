-- The earliest creation time of the alerts a remediation query covers: where its months start.
-- <alert_rows> is queries/alert_rows.sql, as the remediation query renders it.
SELECT min(r.created_ms) AS first_created_ms
FROM ({{alert_rows}}) r
