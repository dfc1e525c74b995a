-- Remediation metrics (docs/metrics.md §6) for groups of alerts over periods.
-- Rendered from fixed fragments only: <alert_rows> (queries/alert_rows.sql: the events of the alerts covered,
-- with the alerts as of asOf), <periods> (rows of (period label, start_ms, end_ms), not overlapping, ends capped
-- at asOf: bound parameters for the API, the calendar months of the data for the remediation_monthly view),
-- <dimensions> (allowlisted grouping columns) and the SLA of each severity in seconds.
-- Each (alert, period) pair counts through single event rows, without grouping an alert's events: the row of
-- its creation, of its last close in the period, of its first reopen in the period, and the row whose state
-- holds at the period's end (alert_event_states says which, from the alert's next and previous events).
WITH alert_rows AS (
    {{alert_rows}}
),
periods AS (
    {{periods}}
),
rated AS (
    -- each row with its alert's SLA, by severity, in seconds (null: no SLA)
    SELECT r.*,
           CASE r.severity WHEN 'critical' THEN {{sla_critical}} WHEN 'high' THEN {{sla_high}}
                           WHEN 'medium' THEN {{sla_medium}} WHEN 'low' THEN {{sla_low}} END AS sla_seconds
    FROM alert_rows r
),
period_rows AS (
    -- an event row in a period where it says something about the alert: its first event, in the period the
    -- alert was created in; its last close in the period; its first reopen in the period; the event whose
    -- state holds at the period's end, when that state is open; its first event, when the alert was created
    -- before the end but first seen after it (open since its creation). No alert has two rows of one kind in
    -- a period, so counting rows counts alerts; a row paired with a period it says nothing about adds nothing.
    SELECT r.*, p.period, p.ps, p.pe,
           r.seq = 1 AND r.created_ms >= p.ps AS created_in_period,
           r.effective IN ('fixed', 'dismissed') AND r.event_ms >= p.ps AND r.event_ms < p.pe
               AND (r.next_close_ms IS NULL OR r.next_close_ms >= p.pe) AS last_close,
           r.is_reopen AND r.event_ms >= p.ps AND r.event_ms < p.pe
               AND (r.previous_reopen_ms IS NULL OR r.previous_reopen_ms < p.ps) AS first_reopen,
           (r.held_state = 'open' AND r.event_ms < p.pe AND (r.next_event_ms IS NULL OR r.next_event_ms >= p.pe))
               OR (r.seq = 1 AND r.event_ms >= p.pe) AS open_at_end
    FROM rated r
    JOIN periods p ON p.pe > r.reach_from_ms AND p.ps <= r.reach_to_ms AND p.pe > r.created_ms
),
classified AS (
    SELECT r.*,
           -- opened: created in the period
           CASE WHEN r.created_in_period THEN 1 ELSE 0 END AS opened,
           -- closed in the period, judged by the alert's last close in the period
           CASE WHEN r.last_close THEN 1 ELSE 0 END AS closed,
           CASE WHEN r.last_close THEN r.effective END AS close_kind,
           CASE WHEN r.last_close AND r.false_positive THEN 1 ELSE 0 END AS close_fp,
           -- a close followed by a reopen before the period's end no longer holds at the end
           r.last_close AND coalesce(r.next_open_ms < r.pe, false) AS reopened_after_close,
           CASE WHEN r.first_reopen THEN 1 ELSE 0 END AS reopened,
           -- open at the end: created before the end, and no close still in force then
           CASE WHEN r.open_at_end THEN 1 ELSE 0 END AS open_at_end_flag,
           -- 1e3 is a double in every dialect; 1000.0 would be a DECIMAL(5,1) in Trino and Athena, rounding
           -- durations and their means to a tenth of a second
           CASE WHEN r.last_close THEN (r.event_ms - r.created_ms) / 1e3 END AS ttr_seconds,
           (r.pe - r.created_ms) / 1e3 AS age_seconds
    FROM period_rows r
),
judged AS (
    SELECT c.*,
           -- the MTTR population: closes in the period that are not false positives, with a valid duration
           CASE WHEN c.closed = 1 AND c.close_fp = 0 AND c.ttr_seconds >= 0 THEN c.ttr_seconds END AS mttr_s,
           CASE WHEN c.close_kind = 'fixed' AND c.ttr_seconds >= 0 THEN c.ttr_seconds END AS fix_s,
           -- an SLA breach: closed later than the SLA, or still open and older than it; once per alert: a late
           -- close of an alert that is open again, and too old, at the end is counted by its open row
           CASE WHEN c.sla_seconds IS NOT NULL AND (
                    (c.closed = 1 AND c.close_fp = 0 AND c.ttr_seconds >= 0 AND c.ttr_seconds > c.sla_seconds
                         AND NOT (c.reopened_after_close AND c.age_seconds > c.sla_seconds))
                 OR (c.open_at_end_flag = 1 AND c.age_seconds > c.sla_seconds)) THEN 1 ELSE 0 END AS breach
    FROM classified c
)
SELECT {{dimensions}}
       period,
       sum(opened) AS opened,
       sum(CASE WHEN close_kind = 'fixed' THEN 1 ELSE 0 END) AS fixed,
       sum(CASE WHEN close_kind = 'dismissed' THEN 1 ELSE 0 END) AS dismissed,
       sum(close_fp) AS false_positives,
       sum(reopened) AS reopened,
       sum(open_at_end_flag) AS open_at_end,
       -- mean time to remediate (GitHub's definition: false positives left out)
       avg(mttr_s) AS mttr_seconds,
       -- mean time to fix: fixed alerts only
       avg(fix_s) AS mean_time_to_fix_seconds,
       -- both percentiles from one aggregate (the array form: the values are collected and ordered once)
       approx_percentile(mttr_s, ARRAY[0.5, 0.9])[1] AS p50_seconds,
       approx_percentile(mttr_s, ARRAY[0.5, 0.9])[2] AS p90_seconds,
       -- closed in the period and still closed at its end, per alert opened in the period
       CASE WHEN sum(opened) = 0 THEN NULL
            ELSE CAST(sum(CASE WHEN closed = 1 AND NOT reopened_after_close THEN 1 ELSE 0 END) AS double)
                 / sum(opened)
       END AS net_resolve_rate,
       avg(CASE WHEN open_at_end_flag = 1 THEN age_seconds END) AS mean_open_age_seconds,
       sum(breach) AS sla_breaches,
       sum(CASE WHEN closed = 1 AND ttr_seconds < 0 THEN 1 ELSE 0 END) AS invalid_durations
FROM judged
GROUP BY {{dimensions}} period
HAVING sum(opened) + sum(closed) + sum(open_at_end_flag) + sum(reopened) > 0
ORDER BY {{dimensions}} period
