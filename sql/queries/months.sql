-- The calendar months (UTC) in which any alert was created or had an event, as (period, ps, pe) rows,
-- the last one ending now. Used by the remediation_monthly view.
SELECT CAST(year(m) AS varchar) || '-' || lpad(CAST(month(m) AS varchar), 2, '0') AS period,
       CAST(to_unixtime(m) * 1000 AS bigint) AS ps,
       least(CAST(to_unixtime(m + INTERVAL '1' MONTH) * 1000 AS bigint),
             CAST(to_unixtime(current_timestamp) * 1000 AS bigint)) AS pe
FROM (
    SELECT DISTINCT date_trunc('month', from_unixtime(t / 1000)) AS m
    FROM (SELECT event_ms AS t FROM alert_events
          UNION ALL
          SELECT created_ms AS t FROM alert_events WHERE created_ms IS NOT NULL) x
) months
