-- Remediation metrics (docs/metrics.md, "Metrics of a group over a period") for groups of alerts over periods.
-- Rendered from fixed fragments only: <periods> (rows of (period label, start_ms, end_ms), not overlapping, ends
-- capped at asOf: bound parameters for the API, the calendar months of the data for the remediation_monthly view),
-- <period_rows> (queries/period_rows.sql: what each alert says about each period; in local mode, for calendar
-- months, the local engine's table of those rows), <dimensions> (allowlisted grouping columns) and the SLA of
-- each severity in seconds.
WITH periods AS (
    {{periods}}
),
period_rows AS (
    {{period_rows}}
),
classified AS (
    SELECT r.*,
           -- the alert's SLA, by severity, in seconds (null: no SLA)
           CASE r.severity WHEN 'critical' THEN {{sla_critical}} WHEN 'high' THEN {{sla_high}}
                           WHEN 'medium' THEN {{sla_medium}} WHEN 'low' THEN {{sla_low}}
                           WHEN 'none' THEN {{sla_none}} END AS sla_seconds,
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
       -- how many closes that mean is over: the weight that combines groups' means into their total's
       count(mttr_s) AS mttr_closes,
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
ORDER BY {{order}} period
