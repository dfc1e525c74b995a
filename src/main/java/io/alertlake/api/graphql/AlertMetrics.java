package io.alertlake.api.graphql;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the GraphQL layer needs from the query layer; arguments are already validated. */
public interface AlertMetrics {

    List<RemediationStats> remediation(Criteria criteria, Set<Dimension> groupBy, Instant asOf);

    AlertPage alerts(Criteria criteria, Set<AlertState> states, int first, Cursors.Position after);

    Optional<Alert> alert(String org, String repo, AlertType type, int number);

    /** Event histories, oldest first, of the given alert ids (one query for a whole page). */
    Map<String, List<AlertEvent>> events(Collection<String> alertIds);

    /** Validated filter values; null means "no restriction". */
    record Criteria(List<String> orgs, List<String> repos, List<AlertType> alertTypes, List<Severity> severities,
                    List<String> tools, Instant from, Instant to) {
    }

    /** One page of alerts, newest first, and where the last one sits for the next page's cursor. */
    record AlertPage(List<Alert> nodes, List<Cursors.Position> positions, int totalCount, boolean hasNextPage) {
    }
}
