-- The event histories of a page of alerts, oldest first. <ids> is one bound parameter per alert id.
SELECT alert_id, event_ms, action, effective, state_after, delivery_id
FROM alert_events
WHERE alert_id IN ({{ids}})
ORDER BY alert_id, seq
