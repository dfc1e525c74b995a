-- Every calendar month (UTC) from the first in which any alert was created or had an event to the current one,
-- as (period, ps, pe) rows, the last one ending now: a month without events still has the alerts open through
-- it (docs/metrics.md: months run to the asOf month, here now). Used by the remediation_monthly view.
-- Months are UTC whatever the session's time zone (a Trino client's defaults to its own): each conversion between
-- instants and calendar times names UTC.
SELECT CAST(year(m) AS varchar) || '-' || lpad(CAST(month(m) AS varchar), 2, '0') AS period,
       CAST(to_unixtime(with_timezone(m, 'UTC')) * 1000 AS bigint) AS ps,
       least(CAST(to_unixtime(with_timezone(m + INTERVAL '1' MONTH, 'UTC')) * 1000 AS bigint),
             CAST(to_unixtime(current_timestamp) * 1000 AS bigint)) AS pe
FROM (
    SELECT CAST(date_trunc('month', from_unixtime(min(t) / 1000, 'UTC')) AS timestamp) AS first_month
    FROM (SELECT min(event_ms) AS t FROM alert_events
          UNION ALL
          SELECT min(created_ms) AS t FROM alert_events) x
) f
CROSS JOIN UNNEST(sequence(f.first_month, CAST(date_trunc('month', current_timestamp AT TIME ZONE 'UTC') AS timestamp),
                           INTERVAL '1' MONTH)) AS months (m)
