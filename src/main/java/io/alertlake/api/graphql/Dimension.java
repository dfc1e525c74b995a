package io.alertlake.api.graphql;

/** What {@code remediation} can group by. */
public enum Dimension { ORG, REPO, ALERT_TYPE, SEVERITY, TOOL, MONTH }
