-- Remediation metrics (docs/metrics.md §6) for groups of alerts over periods.
-- Rendered from fixed fragments only: <events> (see alert_state.sql), <alert_state> (the alerts as of asOf),
-- <periods> (rows of (period label, start_ms, end_ms), not overlapping, ends capped at asOf: bound parameters
-- for the API, the calendar months of the data for the remediation_monthly view), <filters> (allowlisted
-- conditions with bound values), <dimensions> (allowlisted grouping columns) and the SLA of each severity in
-- seconds.
WITH events AS (
    -- the alert events the query reads: the alert_events view, or its SQL over some org= partitions only
    SELECT * FROM {{events}}
),
alerts AS (
    SELECT * FROM ({{alert_state}}) s WHERE s.counted {{filters}}
),
periods AS (
    {{periods}}
),
alert_spans AS (
    -- each event of a counted alert, with the alert's columns and its state (open until the first state
    -- change) from the event until the alert's next event. Every CTE below is read once: Trino and Athena
    -- evaluate a CTE once per reference, and each evaluation would read the lake again
    SELECT e.alert_key, e.seq, e.effective, e.event_ms, e.false_positive, e.is_reopen,
           coalesce(e.state_after, 'open') AS state,
           e.next_event_ms AS until_ms,
           a.org, a.repo, a.alert_type, a.severity, a.tool, a.created_ms
    FROM events e
    JOIN alerts a ON a.alert_key = e.alert_key
),
span_periods AS (
    -- each event in the period it falls in; the event whose state holds at a period's end (its next event
    -- comes at or after the end) when that state is open; and an alert's first event, in the periods where
    -- the alert was created, or created but not seen yet (it was open since its creation)
    SELECT s.*, p.period, p.ps, p.pe,
           s.event_ms >= p.ps AND s.event_ms < p.pe AS in_period,
           (s.state = 'open' AND s.event_ms < p.pe AND (s.until_ms IS NULL OR s.until_ms >= p.pe))
               OR (s.seq = 1 AND s.event_ms >= p.pe) AS open_at_end
    FROM alert_spans s
    JOIN periods p
      ON s.created_ms < p.pe
     AND ((s.event_ms >= p.ps AND s.event_ms < p.pe)
          OR (s.state = 'open' AND s.event_ms < p.pe AND (s.until_ms IS NULL OR s.until_ms >= p.pe))
          OR (s.seq = 1 AND (s.event_ms >= p.pe OR s.created_ms >= p.ps)))
),
per_alert AS (
    -- every (alert, period) pair that counts in some metric: created, closed or reopened in the period, or
    -- open at its end; pairs in which nothing of the kind holds add nothing to any metric
    SELECT alert_key, period,
           -- the same in every row of a pair: taken, not grouped by (grouping by them all costs more)
           arbitrary(ps) AS ps, arbitrary(pe) AS pe, arbitrary(org) AS org, arbitrary(repo) AS repo,
           arbitrary(alert_type) AS alert_type, arbitrary(severity) AS severity, arbitrary(tool) AS tool,
           arbitrary(created_ms) AS created_ms,
           max_by(effective, seq) FILTER (WHERE in_period AND effective IN ('fixed', 'dismissed')) AS close_kind,
           max_by(event_ms, seq) FILTER (WHERE in_period AND effective IN ('fixed', 'dismissed')) AS close_ms,
           max_by(coalesce(false_positive, false), seq)
               FILTER (WHERE in_period AND effective IN ('fixed', 'dismissed')) AS close_fp,
           count(*) FILTER (WHERE in_period AND is_reopen) AS reopens,
           CASE WHEN bool_or(open_at_end) THEN 'open' ELSE 'closed' END AS end_state
    FROM span_periods
    GROUP BY alert_key, period
),
classified AS (
    SELECT pa.*,
           -- opened: created in the period
           CASE WHEN pa.created_ms >= pa.ps THEN 1 ELSE 0 END AS opened,
           -- closed in the period, judged by the alert's last close in the period
           CASE WHEN pa.close_kind IS NOT NULL THEN 1 ELSE 0 END AS closed,
           CASE WHEN pa.close_kind IS NOT NULL AND coalesce(pa.close_fp, false) THEN 1 ELSE 0 END AS false_positive,
           -- open at the end: created before the end, and no close still in force then
           CASE WHEN coalesce(pa.end_state, 'open') = 'open' THEN 1 ELSE 0 END AS open_at_end,
           -- 1e3 is a double in every dialect; 1000.0 would be a DECIMAL(5,1) in Trino and Athena, rounding
           -- durations and their means to a tenth of a second
           (pa.close_ms - pa.created_ms) / 1e3 AS ttr_seconds,
           (pa.pe - pa.created_ms) / 1e3 AS age_seconds,
           CASE pa.severity WHEN 'critical' THEN {{sla_critical}} WHEN 'high' THEN {{sla_high}}
                            WHEN 'medium' THEN {{sla_medium}} WHEN 'low' THEN {{sla_low}} END AS sla_seconds
    FROM per_alert pa
),
judged AS (
    SELECT c.*,
           -- the MTTR population: closes in the period that are not false positives, with a valid duration
           CASE WHEN c.closed = 1 AND c.false_positive = 0 AND c.ttr_seconds >= 0 THEN c.ttr_seconds END AS mttr_s,
           CASE WHEN c.close_kind = 'fixed' AND c.ttr_seconds >= 0 THEN c.ttr_seconds END AS fix_s,
           -- an SLA breach: closed later than the SLA, or still open and older than it; once per alert
           CASE WHEN c.sla_seconds IS NOT NULL AND (
                    (c.closed = 1 AND c.false_positive = 0 AND c.ttr_seconds >= 0 AND c.ttr_seconds > c.sla_seconds)
                 OR (c.open_at_end = 1 AND c.age_seconds > c.sla_seconds)) THEN 1 ELSE 0 END AS breach
    FROM classified c
)
SELECT {{dimensions}}
       period,
       sum(opened) AS opened,
       sum(CASE WHEN close_kind = 'fixed' THEN 1 ELSE 0 END) AS fixed,
       sum(CASE WHEN close_kind = 'dismissed' THEN 1 ELSE 0 END) AS dismissed,
       sum(false_positive) AS false_positives,
       sum(CASE WHEN reopens > 0 THEN 1 ELSE 0 END) AS reopened,
       sum(open_at_end) AS open_at_end,
       -- mean time to remediate (GitHub's definition: false positives left out)
       avg(mttr_s) AS mttr_seconds,
       -- mean time to fix: fixed alerts only
       avg(fix_s) AS mean_time_to_fix_seconds,
       approx_percentile(mttr_s, 0.5) AS p50_seconds,
       approx_percentile(mttr_s, 0.9) AS p90_seconds,
       -- closed in the period and still closed at its end, per alert opened in the period
       CASE WHEN sum(opened) = 0 THEN NULL
            ELSE CAST(sum(CASE WHEN closed = 1 AND open_at_end = 0 THEN 1 ELSE 0 END) AS double) / sum(opened)
       END AS net_resolve_rate,
       avg(CASE WHEN open_at_end = 1 THEN age_seconds END) AS mean_open_age_seconds,
       sum(breach) AS sla_breaches,
       sum(CASE WHEN closed = 1 AND ttr_seconds < 0 THEN 1 ELSE 0 END) AS invalid_durations
FROM judged
GROUP BY {{dimensions}} period
HAVING sum(opened) + sum(closed) + sum(open_at_end) + sum(CASE WHEN reopens > 0 THEN 1 ELSE 0 END) > 0
ORDER BY {{dimensions}} period
