-- The org= partitions of the findings table that hold every event of the repositories a filter selects
-- (<filters>: conditions on n.org and n.repo, the current names, with bound values). Events stay in the
-- partition of the org they were received under, so a repository that moved between orgs has events in
-- each of them; the repositories table records every org it was seen in.
SELECT DISTINCT h.org
FROM repositories h
JOIN repository_names n ON n.repository_id = h.repository_id
WHERE true {{filters}}
ORDER BY h.org
