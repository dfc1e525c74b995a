-- remediation_monthly: the metrics of docs/metrics.md ("Metrics of a group over a period") by org, repo, alert
-- type, severity, tool and calendar month (UTC), as of now, with the default SLAs — for BI tools and for querying
-- Athena directly.
-- The months run from the first in which any alert was created or had an event to the current one (which ends
-- now), as the API's do: a month without events still shows the alerts open through it.
CREATE OR REPLACE VIEW remediation_monthly AS
{{remediation}}
