-- The event histories of a page of alerts, oldest first. <ids> is one bound parameter per alert id;
-- <alert_events> is the view's SQL over the partitions of the alerts' orgs (EventSource).
SELECT alert_id, event_ms, action, effective, state_after, delivery_id
FROM {{alert_events}} e
WHERE alert_id IN ({{ids}})
ORDER BY alert_id, seq
