-- Where a remediation query's months start: the earliest creation or event of the alerts it covers. An event
-- can come before its alert's creation (a close dated before the created_at GitHub gives: counted in its month,
-- and in invalidDurations), so the months start at whichever is first, as the remediation_monthly view's do.
-- <alert_rows> is queries/alert_rows.sql, as the remediation query renders it.
SELECT least(min(r.created_ms), min(r.event_ms)) AS first_ms
FROM ({{alert_rows}}) r
