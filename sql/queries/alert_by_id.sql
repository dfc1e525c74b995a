-- One alert by its public id parts (org, repo, alert type, number), as of now. <alert_lifecycle> is the view's
-- SQL over the partitions of the repository's orgs (EventSource). Names match in any case, as on GitHub and in
-- every filter (the org and repo parameters come lower-cased).
SELECT *
FROM {{alert_lifecycle}} l
WHERE lower(org) = ? AND lower(repo) = ? AND alert_type = ? AND alert_number = ?
