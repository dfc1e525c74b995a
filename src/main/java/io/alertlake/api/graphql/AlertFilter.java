package io.alertlake.api.graphql;

import java.util.List;

/** Which alerts a query looks at; every value reaches SQL as a bound parameter. */
public class AlertFilter {
    /** Organization logins. */
    public List<String> orgs;
    /** Repositories as {@code org/repo}. */
    public List<String> repos;
    public List<AlertType> alertTypes;
    public List<Severity> severities;
    /** Tool names, e.g. {@code CodeQL}, {@code Dependabot}, {@code Secret scanning}. */
    public List<String> tools;
    /** Applies to {@code alerts}; ignored by {@code remediation}. */
    public List<AlertState> states;
    /** Window start (inclusive): ISO date or date-time, UTC. */
    public String from;
    /** Window end (exclusive): ISO date or date-time, UTC. */
    public String to;
}
