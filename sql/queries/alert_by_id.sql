-- One alert by its public id parts (org, repo, alert type, number), as of now. <alert_lifecycle> is the view's
-- SQL over the partitions of the repository's orgs (EventSource).
SELECT *
FROM {{alert_lifecycle}} l
WHERE org = ? AND repo = ? AND alert_type = ? AND alert_number = ?
