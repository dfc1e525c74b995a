-- Each (alert, period) pair that says something about the alert, with what it says: the input of the remediation
-- query (queries/remediation.sql), which reads the periods from its own <periods> CTE.
-- Rendered from fixed fragments only: <alert_rows> (queries/alert_rows.sql: the events of the alerts covered,
-- with the alerts as of asOf).
-- Each pair counts through single event rows, without grouping an alert's events: the row of its creation, of
-- its last close in the period, of its first reopen in the period, and the row whose state holds at the period's
-- end (alert_event_states says which, from the alert's next and previous events). No alert has two rows of one
-- kind in a period, so counting rows counts alerts; a row paired with a period it says nothing about adds nothing.
-- Nothing here depends on a period's end beyond which events came before it: the local engine keeps these rows
-- for the calendar months and pairs them with a question's months when no event came after its months' ends.
WITH alert_rows AS (
    {{alert_rows}}
),
paired AS (
    -- an event row in a period where it says something about the alert: its first event, in the period the
    -- alert was created in; its last close in the period; its first reopen in the period; the event whose
    -- state holds at the period's end, when that state is open; its first event, when the alert was created
    -- before the end but first seen after it (open since its creation). A close is paired with its own period
    -- even when that ends before the alert's creation (GitHub's negative durations: dismissed in February,
    -- created in June): it counts as a close, with an invalid duration, where it happened, so a question's
    -- months add up to its whole window
    SELECT r.*, p.period, p.ps, p.pe,
           r.seq = 1 AND r.created_ms >= p.ps AND r.created_ms < p.pe AS created_in_period,
           r.effective IN ('fixed', 'dismissed') AND r.event_ms >= p.ps AND r.event_ms < p.pe
               AND (r.next_close_ms IS NULL OR r.next_close_ms >= p.pe) AS last_close,
           r.is_reopen AND r.event_ms >= p.ps AND r.event_ms < p.pe
               AND (r.previous_reopen_ms IS NULL OR r.previous_reopen_ms < p.ps) AS first_reopen,
           (r.held_state = 'open' AND r.event_ms < p.pe AND (r.next_event_ms IS NULL OR r.next_event_ms >= p.pe))
               OR (r.seq = 1 AND r.event_ms >= p.pe) AS open_at_end
    FROM alert_rows r
    JOIN periods p ON p.pe > r.reach_from_ms AND p.ps <= r.reach_to_ms
        AND (p.pe > r.created_ms OR (r.effective IN ('fixed', 'dismissed') AND r.event_ms >= p.ps))
)
SELECT r.alert_key, r.repository_id, r.org, r.repo, r.alert_type, r.severity, r.tool, r.state, r.created_ms,
       r.period, r.ps, r.pe,
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
       CASE WHEN r.last_close THEN (r.event_ms - r.created_ms) / 1e3 END AS ttr_seconds
FROM paired r
