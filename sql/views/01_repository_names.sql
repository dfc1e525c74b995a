-- repository_names: the latest org and name of every repository id. Repositories are renamed and
-- transferred; alerts are shown under the names of the latest delivery received for their repository.
CREATE OR REPLACE VIEW repository_names AS
SELECT repository_id, org, repo
FROM (
    SELECT repository_id, org, repo,
           row_number() OVER (PARTITION BY repository_id ORDER BY received_time DESC, delivery_id DESC) AS newest
    FROM repositories
) r
WHERE newest = 1
