-- alert_events: alert_event_states with the names each alert is shown under: its repository's latest org and
-- name (repository_names), which change when a repository is renamed or transferred.
-- <alert_event_states> is the view, or a query's own scoped copy of its SQL (EventSource).
CREATE OR REPLACE VIEW alert_events AS
SELECT s.alert_key,
       n.org || '/' || n.repo || '/' || s.alert_type || '/' || CAST(s.alert_number AS varchar) AS alert_id,
       n.org, n.repo, s.repository_id, s.alert_type, s.alert_number, s.action,
       s.transition, s.effective, s.state_after, s.counts, s.seq,
       s.event_ms, s.next_event_ms, s.created_ms, s.severity, s.tool, s.rule, s.title, s.url,
       s.dismissed_reason, s.false_positive, s.is_reopen, s.delivery_id, s.received_ms,
       s.next_close_ms, s.next_open_ms, s.previous_reopen_ms, s.latest_event_ms, s.latest_created_ms,
       s.latest_counted, s.latest_state, s.latest_severity, s.latest_tool
FROM {{alert_event_states}} s
JOIN repository_names n ON n.repository_id = s.repository_id
