-- One alert by its public id parts (org, repo, alert type, number), as of now.
SELECT *
FROM alert_lifecycle
WHERE org = ? AND repo = ? AND alert_type = ? AND alert_number = ?
