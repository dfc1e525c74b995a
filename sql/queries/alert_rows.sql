-- Each event before asOf of the counted alerts a question covers, with the alert's columns as of asOf (those
-- its last event before asOf left) and the state it held from the event until the alert's next event (open
-- until the first state change). Events at or after asOf are ignored entirely.
-- Rendered from fixed fragments only: <events> (the alert_events view, or its SQL over some org= partitions,
-- read twice), <as_of> (a bound parameter, or now in the remediation_monthly view) and <filters>
-- (allowlisted conditions on the alert's columns, with bound values).
SELECT s.*,
       -- the periods a row can say something about are those ending after it (or after the creation
       -- its first event stands for) and starting before its next event when it leaves the alert open,
       -- else before it (or before its creation): a join on these two bounds pairs it with no other
       CASE WHEN s.seq = 1 THEN least(s.event_ms, s.created_ms) ELSE s.event_ms END AS reach_from_ms,
       CASE WHEN s.held_state = 'open' THEN coalesce(s.next_event_ms, CAST(9223372036854775807 AS bigint))
            WHEN s.seq = 1 THEN greatest(s.event_ms, s.created_ms)
            ELSE s.event_ms END AS reach_to_ms
FROM (
    -- alerts whose events all came before asOf (nearly all): every row carries what the latest left
    SELECT e.alert_key, e.seq, e.effective, e.event_ms, e.next_event_ms, e.is_reopen,
           coalesce(e.state_after, 'open') AS held_state,
           coalesce(e.false_positive, false) AS false_positive, e.next_close_ms, e.next_open_ms,
           e.previous_reopen_ms, e.repository_id, e.org, e.repo, e.alert_type,
           e.latest_severity AS severity, e.latest_tool AS tool, e.latest_created_ms AS created_ms,
           e.latest_state AS state, e.latest_counted AS counted
    FROM {{events}} e
    WHERE e.latest_event_ms < {{as_of}}
    UNION ALL
    -- alerts with events at or after asOf: what their events before asOf left
    SELECT e.alert_key, e.seq, e.effective, e.event_ms, e.next_event_ms, e.is_reopen,
           coalesce(e.state_after, 'open') AS held_state,
           coalesce(e.false_positive, false) AS false_positive, e.next_close_ms, e.next_open_ms,
           e.previous_reopen_ms, e.repository_id, e.org, e.repo, e.alert_type,
           -- as in alert_event_states' latest columns, over the events before asOf only
           max_by(e.severity, e.seq) OVER (PARTITION BY e.alert_key) AS severity,
           max_by(e.tool, e.seq) OVER (PARTITION BY e.alert_key) AS tool,
           coalesce(min(e.created_ms) OVER (PARTITION BY e.alert_key),
                    min(e.event_ms) OVER (PARTITION BY e.alert_key)) AS created_ms,
           coalesce(max_by(e.state_after, e.seq) OVER (PARTITION BY e.alert_key), 'open') AS state,
           max(CASE WHEN e.counts THEN 1 ELSE 0 END) OVER (PARTITION BY e.alert_key) = 1 AS counted
    FROM {{events}} e
    WHERE e.event_ms < {{as_of}} AND e.latest_event_ms >= {{as_of}}
) s
WHERE s.counted {{filters}}
