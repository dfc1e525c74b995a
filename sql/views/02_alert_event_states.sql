-- alert_event_states: one row per distinct alert event (a delivery received twice counts once), normalized,
-- in each alert's event order, with the state the alert is in after the event (docs/metrics.md). Everything
-- in a row follows from the alert's own events: the names it is shown under are joined by alert_events.
--   transition     what the event does by itself: open, fixed, dismissed, open_if_new, fixed_if_new,
--                  dismissed_if_new (appeared_in_branch), or null
--   effective      the transition after applying "appeared_in_branch changes only an alert with no earlier state"
--                  (nor does a creation: dated at or after a close, it is no reopen), and "a close into the state
--                  the alert is already in changes nothing"
--   state_after    the alert's state after this event (null until the first state change: the alert is open)
--   is_reopen      a closed alert became open again with this event
--   next_event_ms  the time of the alert's next event (null for its last): how long the state after this one held
-- <findings_scope> is empty here; queries about some orgs inline this SQL with a condition on the org=
-- partition, so that engines open only those partitions' files (EventSource), and the local engine, which keeps
-- this view's rows in a table, recomputes the rows of the alerts whose files changed.
CREATE OR REPLACE VIEW alert_event_states AS
WITH copies AS (
    -- copies of one delivery (the queue's at-least-once, GitHub's redeliveries) share its id; the id is GitHub's for
    -- a webhook and derived from the event for a backfilled one, and the two kinds never share one: an id is a copy
    -- only of one of its own kind, so a webhook sent under a backfilled event's id cannot stand in for it
    SELECT f.finding_info.uid AS alert_key,
           f.unmapped.repository_id AS repository_id,
           f.unmapped.alert_type AS alert_type,
           f.unmapped.alert_number AS alert_number,
           f.unmapped.action AS action,
           f.unmapped.transition AS transition,
           f.unmapped.counts AS counts,
           f."time" AS event_ms,
           f.finding_info.created_time AS created_ms,
           f.unmapped.severity AS severity,
           f.unmapped.tool AS tool,
           f.unmapped.rule AS rule,
           f.finding_info.title AS title,
           f.finding_info.src_url AS url,
           f.status_detail AS dismissed_reason,
           f.metadata.uid AS delivery_id,
           f.metadata.logged_time AS received_ms,
           f.unmapped.signature_key AS signature_key,
           row_number() OVER (PARTITION BY f.metadata.uid, f.unmapped.source ORDER BY f.metadata.logged_time) AS copy
    FROM findings f {{findings_scope}}
),
distinct_events AS (
    -- and the delivery id is not signed: a signed body sent again under another id is the same event, told by its
    -- signature (an HMAC of the body; its first 64 bits), and counts once, as first received
    SELECT *
    FROM (
        SELECT c.*,
               row_number() OVER (PARTITION BY c.signature_key,
                                               CASE WHEN c.signature_key IS NULL THEN c.delivery_id END
                                  ORDER BY c.received_ms, c.delivery_id) AS body_copy
        FROM copies c
        WHERE c.copy = 1
    ) d
    WHERE body_copy = 1
),
ordered AS (
    SELECT e.*,
           row_number() OVER (PARTITION BY alert_key ORDER BY event_ms, received_ms, delivery_id) AS seq,
           count(transition) OVER (PARTITION BY alert_key ORDER BY event_ms, received_ms, delivery_id
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS changes_before
    FROM distinct_events e
),
effective AS (
    -- a creation begins an alert's life: GitHub reopens with reopened / reintroduced, never with created. One whose
    -- created_at is at or after a close's time (an upstream data error, or a close in the same second that sorts
    -- first) changes nothing, so the close holds and its negative duration is counted as such
    SELECT o.*,
           CASE WHEN transition IN ('open_if_new', 'fixed_if_new', 'dismissed_if_new')
                THEN (CASE WHEN changes_before = 0 THEN replace(transition, '_if_new', '') END)
                WHEN transition = 'open' AND action = 'created' AND changes_before > 0 THEN NULL
                ELSE transition END AS effective
    FROM ordered o
),
coded AS (
    -- each state change as seq * 10 + state code (1 open, 2 fixed, 3 dismissed): a running max of it is the last
    -- change so far, and reads the same in Trino and DuckDB, which spell IGNORE NULLS differently
    SELECT e.*,
           CASE effective WHEN 'open' THEN seq * 10 + 1 WHEN 'fixed' THEN seq * 10 + 2
                          WHEN 'dismissed' THEN seq * 10 + 3 END AS change
    FROM effective e
),
latest_change AS (
    -- one window specification, so that engines order each alert's events once for all three
    SELECT c.*,
           max(change) OVER (PARTITION BY alert_key ORDER BY seq
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS change_code,
           max(change) OVER (PARTITION BY alert_key ORDER BY seq
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS change_code_before,
           lead(event_ms) OVER (PARTITION BY alert_key ORDER BY seq) AS next_event_ms
    FROM coded c
),
stated AS (
    SELECT l.*,
           CASE change_code % 10 WHEN 1 THEN 'open' WHEN 2 THEN 'fixed' WHEN 3 THEN 'dismissed' END AS state_after,
           CASE change_code_before % 10 WHEN 1 THEN 'open' WHEN 2 THEN 'fixed' WHEN 3 THEN 'dismissed' END
               AS state_before
    FROM latest_change l
),
changed AS (
    -- a close into the state the alert is already in is one transition told twice (a code-scanning fix by its
    -- webhook, at its receive time, and by reconciliation, at GitHub's fixed_at): only the first counts, so that
    -- the fix is neither counted in two months nor moved to the later time
    SELECT s.*,
           CASE WHEN s.effective IN ('fixed', 'dismissed') AND s.state_before = s.effective THEN NULL
                ELSE s.effective END AS change_kind
    FROM stated s
),
flagged AS (
    SELECT c.*,
           -- a false positive is a dismissal for one of GitHub's false-positive reasons
           (c.change_kind = 'dismissed' AND c.dismissed_reason IN ('false positive', 'false_positive', 'inaccurate'))
               AS false_positive,
           coalesce(c.state_before, 'open') IN ('fixed', 'dismissed') AND c.effective = 'open' AS is_reopen
    FROM changed c
)
-- The times of the alert's next close, next open and previous reopen say, on one row, whether it is the alert's
-- last close or first reopen in a period, and whether a close still held at the period's end; the alert as its
-- latest event left it is on every row, so that questions as of a later instant group nothing.
SELECT f.alert_key, f.repository_id, f.alert_type, f.alert_number, f.action,
       f.transition, f.change_kind AS effective, f.state_after, f.counts, f.seq,
       f.event_ms, f.next_event_ms, f.created_ms, f.severity, f.tool, f.rule, f.title, f.url,
       f.dismissed_reason, f.false_positive, f.is_reopen, f.delivery_id, f.received_ms,
       min(CASE WHEN f.change_kind IN ('fixed', 'dismissed') THEN f.event_ms END)
           OVER (PARTITION BY f.alert_key ORDER BY f.seq ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
           AS next_close_ms,
       min(CASE WHEN f.change_kind = 'open' THEN f.event_ms END)
           OVER (PARTITION BY f.alert_key ORDER BY f.seq ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
           AS next_open_ms,
       max(CASE WHEN f.is_reopen THEN f.event_ms END)
           OVER (PARTITION BY f.alert_key ORDER BY f.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
           AS previous_reopen_ms,
       -- the alert as its latest event left it, on every row: what a question as of a later instant reads
       -- (created: the original created_at, else the first event's time, as in alert_state.sql)
       max(f.event_ms) OVER (PARTITION BY f.alert_key) AS latest_event_ms,
       coalesce(min(f.created_ms) OVER (PARTITION BY f.alert_key), min(f.event_ms) OVER (PARTITION BY f.alert_key))
           AS latest_created_ms,
       max(CASE WHEN f.counts THEN 1 ELSE 0 END) OVER (PARTITION BY f.alert_key) = 1 AS latest_counted,
       coalesce(max_by(f.state_after, f.seq) OVER (PARTITION BY f.alert_key), 'open') AS latest_state,
       max_by(f.severity, f.seq) OVER (PARTITION BY f.alert_key) AS latest_severity,
       max_by(f.tool, f.seq) OVER (PARTITION BY f.alert_key) AS latest_tool
FROM flagged f
