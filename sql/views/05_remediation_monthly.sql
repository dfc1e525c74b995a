-- remediation_monthly: the metrics of docs/metrics.md §6 by org, repo, alert type, severity, tool and
-- calendar month (UTC), as of now, with the default SLAs — for BI tools and for querying Athena directly.
-- The months are those in which any alert was created or had an event; the API computes every month.
CREATE OR REPLACE VIEW remediation_monthly AS
{{remediation}}
