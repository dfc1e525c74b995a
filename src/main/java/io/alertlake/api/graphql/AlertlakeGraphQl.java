package io.alertlake.api.graphql;

import io.smallrye.graphql.api.Nullable;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The GraphQL API (the README's GraphQL section shows it in use): translates arguments into validated
 * criteria and delegates to {@link AlertMetrics}. Nothing here builds SQL.
 */
@GraphQLApi
public class AlertlakeGraphQl {

    private final AlertMetrics metrics;
    private final Cursors cursors;
    private final QueryBudget budget;

    AlertlakeGraphQl(AlertMetrics metrics, Cursors cursors, QueryBudget budget) {
        this.metrics = metrics;
        this.cursors = cursors;
        this.budget = budget;
    }

    @Query("remediation")
    @Description("Remediation metrics, one row per group (see docs/metrics.md, Metrics of a group over a period).")
    public @NonNull List<@NonNull RemediationStats> remediation(@Name("filter") AlertFilter filter,
                                                                @Name("groupBy") @Nullable List<@NonNull Dimension> groupBy,
                                                                @Name("asOf") String asOf) throws InvalidArgumentException {
        budget.spend("remediation");
        Instant frozen = Arguments.instant("asOf", asOf);
        Set<Dimension> dimensions = groupBy == null || groupBy.isEmpty() ? EnumSet.noneOf(Dimension.class)
                : EnumSet.copyOf(groupBy);
        AlertMetrics.Criteria criteria = criteria(filter);
        // nothing before asOf (or now, without one) can fall in such a window: an empty answer would read as
        // "no activity"
        Instant end = frozen != null ? frozen : Instant.now();
        if (criteria.from() != null && !criteria.from().isBefore(end)) {
            throw new InvalidArgumentException("'from' (" + filter.from + ") must be before "
                    + (frozen != null ? "'asOf' (" + asOf + ")" : "now (" + end + ") when no 'asOf' is given"));
        }
        return metrics.remediation(criteria, dimensions, frozen);
    }

    @Query("alerts")
    @Description("Alerts with their current lifecycle, newest first, cursor-paginated.")
    public @NonNull AlertConnection alerts(@Name("filter") AlertFilter filter,
                                           @Name("first") @DefaultValue("50") Integer first,
                                           @Name("after") String after) throws InvalidArgumentException {
        budget.spend("alerts");
        int n = Arguments.first(first);
        Cursors.Position position = null;
        if (after != null && !after.isBlank()) {
            try {
                position = cursors.decode(after);
            } catch (IllegalArgumentException e) {
                throw new InvalidArgumentException(e.getMessage());
            }
        }
        Set<AlertState> states = filter == null || filter.states == null || filter.states.isEmpty()
                ? EnumSet.allOf(AlertState.class) : EnumSet.copyOf(filter.states);
        AlertMetrics.AlertPage page = metrics.alerts(criteria(filter), states, n, position);
        String end = page.positions().isEmpty() ? null
                : cursors.encode(page.positions().get(page.positions().size() - 1));
        return new AlertConnection(page.nodes(), new PageInfo(page.hasNextPage(), end), page.totalCount());
    }

    @Query("alert")
    @Description("One alert by public id org/repo/alert_type/number, with its event history.")
    public Alert alert(@Name("id") @NonNull @Id String id) throws InvalidArgumentException {
        budget.spend("alert");
        String[] parts = Arguments.alertId(id);
        return metrics.alert(parts[0], parts[1], AlertType.fromWire(parts[2]), Integer.parseInt(parts[3]))
                .orElse(null);
    }

    @Description("The alert's events, oldest first.")
    public @NonNull List<@NonNull List<@NonNull AlertEvent>> events(@Source List<Alert> alerts) {
        Map<String, List<AlertEvent>> byId = metrics.events(alerts.stream().map(Alert::id).toList());
        return alerts.stream().map(a -> byId.getOrDefault(a.id(), List.of())).toList();
    }

    private static AlertMetrics.Criteria criteria(AlertFilter f) throws InvalidArgumentException {
        if (f == null) {
            return new AlertMetrics.Criteria(null, null, null, null, null, null, null);
        }
        Instant from = Arguments.instant("from", f.from);
        Instant to = Arguments.instant("to", f.to);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidArgumentException("'from' (" + f.from + ") must be before 'to' (" + f.to + ")");
        }
        return new AlertMetrics.Criteria(Arguments.orgs(f.orgs), Arguments.repos(f.repos),
                Arguments.distinct(f.alertTypes), Arguments.distinct(f.severities), Arguments.tools(f.tools), from, to);
    }
}
