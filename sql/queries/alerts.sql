-- One page of alerts as of now, newest first (created desc, then id), with the total that match.
-- <filters> and <cursor> are allowlisted conditions whose values are bound parameters; <alert_lifecycle> is the
-- view, or, for a question about some orgs, its SQL over their partitions only (EventSource).
SELECT *
FROM (
    SELECT l.*, count(*) OVER () AS total_count
    FROM {{alert_lifecycle}} l
    WHERE true {{filters}}
) matching
WHERE true {{cursor}}
ORDER BY created_ms DESC, alert_id ASC
LIMIT ?
