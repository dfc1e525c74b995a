-- repository_names: the latest org and name of every repository id. Repositories are renamed and
-- transferred; alerts are shown under the names of the latest delivery received for their repository. A delivery
-- counts at its first receipt: a copy received again later (at-least-once delivery) does not bring back the
-- names it carried before a rename.
CREATE OR REPLACE VIEW repository_names AS
SELECT repository_id, org, repo
FROM (
    SELECT repository_id, org, repo,
           row_number() OVER (PARTITION BY repository_id ORDER BY received_time DESC, delivery_id DESC) AS newest
    FROM (
        SELECT repository_id, org, repo, received_time, delivery_id,
               row_number() OVER (PARTITION BY repository_id, delivery_id ORDER BY received_time) AS copy
        FROM repositories
    ) c
    WHERE copy = 1
) r
WHERE newest = 1
