-- The earliest creation time of the alerts a remediation query covers: where its months start.
SELECT min(s.created_ms) AS first_created_ms
FROM ({{alert_state}}) s
WHERE s.counted {{filters}}
