-- One page of alerts as of now, newest first (created desc, then id), with the total that match.
-- <filters> and <cursor> are allowlisted conditions whose values are bound parameters; <alert_lifecycle> is the
-- view, or, for a question about some orgs, its SQL over their partitions only (EventSource). The page's size is
-- a bound parameter too, in a WHERE clause (Athena takes parameters there only, not in LIMIT).
SELECT *
FROM (
    SELECT matching.*, row_number() OVER (ORDER BY created_ms DESC, alert_id ASC) AS page_row
    FROM (
        SELECT l.*, count(*) OVER () AS total_count
        FROM {{alert_lifecycle}} l
        WHERE true {{filters}}
    ) matching
    WHERE true {{cursor}}
) ranked
WHERE page_row <= CAST(? AS bigint)
ORDER BY created_ms DESC, alert_id ASC
