package io.alertlake.api.graphql;

import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

/**
 * Which alerts a query looks at; every value reaches SQL as a bound parameter. Named {@code AlertFilter} in the
 * schema, as the contract has it (SmallRye would call an input class {@code AlertFilterInput}); a list may be
 * absent but holds no nulls.
 */
@Input("AlertFilter")
public class AlertFilter {
    /** Organization logins. */
    public List<@NonNull String> orgs;
    /** Repositories as {@code org/repo}. */
    public List<@NonNull String> repos;
    public List<@NonNull AlertType> alertTypes;
    public List<@NonNull Severity> severities;
    /** Tool names, e.g. {@code CodeQL}, {@code Dependabot}, {@code Secret scanning}. */
    public List<@NonNull String> tools;
    /** Applies to {@code alerts}; ignored by {@code remediation}. */
    public List<@NonNull AlertState> states;
    /** Window start (inclusive): ISO date or date-time, UTC. */
    public String from;
    /** Window end (exclusive): ISO date or date-time, UTC. */
    public String to;
}
