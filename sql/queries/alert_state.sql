-- Each alert as of an instant (<as_of_ms>: a bound parameter, or "now" in the alert_lifecycle view),
-- computed from its events before that instant. <events> is the alert_events view, or a query's own scoped copy.
--   created_ms   the alert's original created_at (the earliest seen), else its earliest event, flagged inferred
--   state        state after its last state change, OPEN before the first one
--   closed_ms    time of the last close while the alert is closed
--   counted      at least one event made it count (code scanning: default branch or a user action)
SELECT alert_key, alert_id, org, repo, repository_id, alert_type, alert_number,
       severity, tool, rule, title, url,
       coalesce(min_created, first_event_ms) AS created_ms,
       min_created IS NULL AS created_inferred,
       coalesce(state_now, 'open') AS state,
       CASE WHEN coalesce(state_now, 'open') <> 'open' THEN last_close_ms END AS closed_ms,
       CASE WHEN coalesce(state_now, 'open') = 'dismissed' THEN last_close_reason END AS dismissed_reason,
       reopen_count, counted, last_event_ms
FROM (
    SELECT alert_key,
           max_by(alert_id, seq) AS alert_id, max_by(org, seq) AS org, max_by(repo, seq) AS repo,
           max_by(repository_id, seq) AS repository_id, max_by(alert_type, seq) AS alert_type,
           max_by(alert_number, seq) AS alert_number, max_by(severity, seq) AS severity,
           max_by(tool, seq) AS tool,
           -- the latest known: an event without them leaves them as they were (and the FILTER makes Trino, whose
           -- max_by returns the latest row's null, agree with DuckDB's, which skips nulls)
           max_by(rule, seq) FILTER (WHERE rule IS NOT NULL) AS rule,
           max_by(title, seq) FILTER (WHERE title IS NOT NULL) AS title,
           max_by(url, seq) FILTER (WHERE url IS NOT NULL) AS url,
           min(created_ms) AS min_created, min(event_ms) AS first_event_ms, max(event_ms) AS last_event_ms,
           max_by(state_after, seq) AS state_now,
           max_by(event_ms, seq) FILTER (WHERE effective IN ('fixed', 'dismissed')) AS last_close_ms,
           -- the last close's own reason, null included ('' stands for null inside max_by, which DuckDB would skip)
           nullif(max_by(coalesce(dismissed_reason, ''), seq) FILTER (WHERE effective IN ('fixed', 'dismissed')), '')
               AS last_close_reason,
           count(*) FILTER (WHERE is_reopen) AS reopen_count,
           bool_or(counts) AS counted
    FROM {{events}}
    WHERE event_ms < {{as_of_ms}}
    GROUP BY alert_key
) a
