package io.alertlake.api.graphql;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.query.BoundSql;
import io.alertlake.query.EventSource;
import io.alertlake.query.Filters;
import io.alertlake.query.QueryEngine;
import io.alertlake.query.QueryFailedException;
import io.alertlake.query.RemediationSql;
import io.alertlake.query.SqlFiles;
import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers the GraphQL queries by running the SQL of sql/ on the configured engine. Identical questions
 * within {@code alertlake.api.cache-ttl} are answered from a small cache.
 */
@Singleton
public class SqlAlertMetrics implements AlertMetrics {

    /** Months one remediation query may span (50 years): bounds the size of the statement. */
    private static final int MAX_MONTHS = 600;
    private static final int MAX_CACHED = 500;
    /**
     * Rows (a group's metrics, an alert, an event) the cache holds at most, all answers together — tens of MB of a
     * task that also holds webhook bodies — and a tenth of that for one answer, which is not kept when larger.
     */
    static final int MAX_CACHED_ROWS = 50_000;

    private final QueryEngine engine;
    /** The deadline of the next query: what is left of its request's time ({@link QueryBudget#deadline}). */
    private final Supplier<Duration> deadlines;
    private final Duration cacheTtl;
    private final RemediationSql.Slas slas;
    private final Map<Object, Cached> cache = new ConcurrentHashMap<>();
    private final int maxCachedRows;

    @jakarta.inject.Inject
    SqlAlertMetrics(QueryEngine engine, AlertlakeConfig config, Instance<QueryBudget> budgets) {
        // GraphQL's fields run in their request; anything else has a query's time
        this(engine, config, MAX_CACHED_ROWS, () -> Arc.container().requestContext().isActive()
                ? budgets.get().deadline() : config.api().queryTimeout());
    }

    /** Every query with a query's time ({@code alertlake.api.query-timeout}), as outside a request. */
    SqlAlertMetrics(QueryEngine engine, AlertlakeConfig config) {
        this(engine, config, MAX_CACHED_ROWS);
    }

    SqlAlertMetrics(QueryEngine engine, AlertlakeConfig config, int maxCachedRows) {
        this(engine, config, maxCachedRows, () -> config.api().queryTimeout());
    }

    private SqlAlertMetrics(QueryEngine engine, AlertlakeConfig config, int maxCachedRows,
                            Supplier<Duration> deadlines) {
        this.maxCachedRows = maxCachedRows;
        this.engine = engine;
        this.deadlines = deadlines;
        this.cacheTtl = config.api().cacheTtl();
        this.slas = new RemediationSql.Slas(config.api().slaCritical(), config.api().slaHigh(),
                config.api().slaMedium(), config.api().slaLow(), config.api().slaNone().orElse(null));
    }

    private record Cached(Instant expires, Object value, int rows) {
    }

    /** How many rows an answer holds, for the cache's bound. */
    private static int rows(Object answer) {
        return switch (answer) {
            case List<?> list -> list.size();
            case AlertPage page -> page.nodes().size();
            case Map<?, ?> byId -> byId.values().stream().mapToInt(v -> v instanceof List<?> l ? l.size() : 1).sum();
            default -> 1;
        };
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(Object key, Supplier<T> compute) {
        Instant now = Instant.now();
        Cached hit = cache.get(key);
        if (hit != null && hit.expires().isAfter(now)) {
            return (T) hit.value();
        }
        T value = compute.get();
        int rows = rows(value);
        if (!cacheTtl.isZero() && rows <= maxCachedRows / 10) {
            if (cache.size() >= MAX_CACHED || cachedRows() + rows > maxCachedRows) {
                cache.entrySet().removeIf(e -> e.getValue().expires().isBefore(now));
                if (cache.size() >= MAX_CACHED || cachedRows() + rows > maxCachedRows) {
                    cache.clear();
                }
            }
            cache.put(key, new Cached(now.plus(cacheTtl), value, rows));
        }
        return value;
    }

    private int cachedRows() {
        return cache.values().stream().mapToInt(Cached::rows).sum();
    }

    @Override
    public List<RemediationStats> remediation(Criteria c, Set<Dimension> groupBy, Instant asOf) {
        long asOfMs = (asOf == null ? Instant.now() : asOf).toEpochMilli();
        // "now" is not part of the key: within the TTL an un-frozen query may reuse a slightly older answer
        Object key = List.of("remediation", c, groupBy, asOf == null ? "now" : asOf);
        return cached(key, () -> computeRemediation(c, groupBy, asOfMs));
    }

    private List<RemediationStats> computeRemediation(Criteria c, Set<Dimension> groupBy, long asOfMs) {
        Filters filters = filters(c, null, false);
        long start = c.from() == null ? 0 : c.from().toEpochMilli();
        long end = Math.min(c.to() == null ? Long.MAX_VALUE : c.to().toEpochMilli(), asOfMs);
        if (start >= end) {
            return List.of();
        }
        Optional<EventSource> events = EventSource.forFilters(filters, engine, deadlines.get());
        if (events.isEmpty()) {
            return List.of(); // no repository is in the orgs or repositories asked about
        }
        List<RemediationSql.Period> periods = new ArrayList<>();
        boolean byMonth = groupBy.contains(Dimension.MONTH);
        if (byMonth) {
            Long first = firstMonth(events.get(), filters, asOfMs);
            if (first == null) {
                return List.of();
            }
            YearMonth month = YearMonth.from(Instant.ofEpochMilli(Math.max(start, first)).atZone(ZoneOffset.UTC));
            while (true) {
                long ms = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                if (ms >= end) {
                    break;
                }
                if (periods.size() == MAX_MONTHS) {
                    // an error, not a truncated answer: months missing at the end would read as no activity
                    throw new QueryFailedException("grouped by MONTH, this question spans more than " + MAX_MONTHS
                            + " months (from " + periods.get(0).label() + "); narrow it with filter.from, filter.to "
                            + "or asOf");
                }
                long me = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                periods.add(new RemediationSql.Period(month.toString(), Math.max(ms, start), Math.min(me, end)));
                month = month.plusMonths(1);
            }
        } else {
            periods.add(new RemediationSql.Period("all", start, end));
        }
        if (periods.isEmpty()) {
            return List.of();
        }
        EnumSet<RemediationSql.Dimension> dims = EnumSet.noneOf(RemediationSql.Dimension.class);
        groupBy.forEach(d -> dims.add(RemediationSql.Dimension.valueOf(d.name())));
        var question = new RemediationSql.Question(events.get(), filters, dims, periods, asOfMs, slas);
        List<RemediationStats> stats = new ArrayList<>();
        for (Map<String, Object> r : engine.remediation(question, deadlines.get())) {
            stats.add(new RemediationStats(
                    groupBy.contains(Dimension.ORG) || groupBy.contains(Dimension.REPO) ? str(r, "org") : null,
                    groupBy.contains(Dimension.REPO) ? str(r, "repo") : null,
                    groupBy.contains(Dimension.ALERT_TYPE) ? AlertType.fromWire(str(r, "alert_type")) : null,
                    groupBy.contains(Dimension.SEVERITY) ? Severity.fromWire(str(r, "severity")) : null,
                    groupBy.contains(Dimension.TOOL) ? str(r, "tool") : null,
                    byMonth ? str(r, "period") : null,
                    integer(r, "opened"), integer(r, "fixed"), integer(r, "dismissed"), integer(r, "false_positives"),
                    integer(r, "reopened"), integer(r, "open_at_end"),
                    dbl(r, "mttr_seconds"), dbl(r, "mean_time_to_fix_seconds"), dbl(r, "p50_seconds"),
                    dbl(r, "p90_seconds"), dbl(r, "net_resolve_rate"), dbl(r, "mean_open_age_seconds"),
                    integer(r, "sla_breaches"), integer(r, "invalid_durations")));
        }
        return stats;
    }

    private Long firstMonth(EventSource events, Filters filters, long asOfMs) {
        BoundSql alertRows = RemediationSql.alertRows(events, filters, asOfMs);
        String sql = SqlFiles.render(SqlFiles.read("queries/first_month.sql"), Map.of(
                "alert_rows", alertRows.sql()));
        List<Map<String, Object>> rows = engine.query(sql, alertRows.parameters(), deadlines.get());
        Object v = rows.isEmpty() ? null : rows.get(0).get("first_ms");
        return v == null ? null : ((Number) v).longValue();
    }

    @Override
    public AlertPage alerts(Criteria c, Set<AlertState> states, int first, Cursors.Position after) {
        Object key = List.of("alerts", c, states, first, after == null ? "" : after);
        return cached(key, () -> computeAlerts(c, states, first, after));
    }

    private AlertPage computeAlerts(Criteria c, Set<AlertState> states, int first, Cursors.Position after) {
        Filters filters = filters(c, states, true);
        Optional<EventSource> events = EventSource.forFilters(filters, engine, deadlines.get());
        if (events.isEmpty()) {
            return new AlertPage(List.of(), List.of(), 0, false); // no repository is in the orgs or repos asked about
        }
        Filters.Rendered where = filters.render("l.");
        List<Object> params = events.get().parametersThen(where.parameters());
        String cursor = "";
        if (after != null) {
            cursor = " AND (created_ms < CAST(? AS bigint) OR (created_ms = CAST(? AS bigint) AND alert_id > ?))";
            params.add(after.createdAtMillis());
            params.add(after.createdAtMillis());
            params.add(after.alertId());
        }
        params.add(first + 1);
        String sql = SqlFiles.render(SqlFiles.read("queries/alerts.sql"),
                Map.of("alert_lifecycle", events.get().lifecycle(), "filters", where.sql(), "cursor", cursor));
        List<Map<String, Object>> rows = engine.query(sql, params, deadlines.get());
        boolean more = rows.size() > first;
        List<Map<String, Object>> page = more ? rows.subList(0, first) : rows;
        List<Alert> nodes = new ArrayList<>();
        List<Cursors.Position> positions = new ArrayList<>();
        for (Map<String, Object> r : page) {
            nodes.add(alert(r));
            positions.add(new Cursors.Position(((Number) r.get("created_ms")).longValue(), str(r, "alert_id")));
        }
        // an empty first page has a total of 0; past the end of a list, the total needs a query of its own
        int total = !rows.isEmpty() ? integer(rows.get(0), "total_count")
                : after == null ? 0 : countOnly(events.get(), filters);
        return new AlertPage(nodes, positions, total, more);
    }

    /** The total when the page itself is empty (a cursor past the end). */
    private int countOnly(EventSource events, Filters filters) {
        Filters.Rendered where = filters.render("l.");
        List<Object> params = events.parametersThen(where.parameters());
        List<Map<String, Object>> rows = engine.query(
                "SELECT count(*) AS total_count FROM " + events.lifecycle() + " l WHERE true" + where.sql(),
                params, deadlines.get());
        return rows.isEmpty() ? 0 : integer(rows.get(0), "total_count");
    }

    @Override
    public Optional<Alert> alert(String org, String repo, AlertType type, int number) {
        Optional<EventSource> events = EventSource.forFilters(
                new Filters(null, List.of(org + "/" + repo), null, null, null, null, null, null), engine,
                deadlines.get());
        if (events.isEmpty()) {
            return Optional.empty();
        }
        List<Object> params = events.get().parametersThen(List.of(org.toLowerCase(Locale.ROOT),
                repo.toLowerCase(Locale.ROOT), type.wire(), number));
        List<Map<String, Object>> rows = engine.query(SqlFiles.render(SqlFiles.read("queries/alert_by_id.sql"),
                Map.of("alert_lifecycle", events.get().lifecycle())), params, deadlines.get());
        return rows.isEmpty() ? Optional.empty() : Optional.of(alert(rows.get(0)));
    }

    @Override
    public Map<String, List<AlertEvent>> events(Collection<String> alertIds) {
        Map<String, List<AlertEvent>> byId = new LinkedHashMap<>();
        if (alertIds.isEmpty()) {
            return byId;
        }
        List<String> ids = List.copyOf(alertIds);
        // an alert id starts with its repository's current org: read that org's repositories' partitions
        List<String> orgs = ids.stream().map(id -> id.substring(0, Math.max(0, id.indexOf('/')))).distinct().toList();
        Optional<EventSource> events = EventSource.forFilters(new Filters(orgs, null, null, null, null, null, null,
                null), engine, deadlines.get());
        if (events.isEmpty()) {
            return byId;
        }
        List<Object> params = events.get().parametersThen(ids);
        String sql = SqlFiles.render(SqlFiles.read("queries/alert_events_of.sql"), Map.of(
                "alert_events", events.get().sql(),
                "ids", String.join(", ", java.util.Collections.nCopies(ids.size(), "?"))));
        for (Map<String, Object> r : engine.query(sql, params, deadlines.get())) {
            String effective = str(r, "effective");
            byId.computeIfAbsent(str(r, "alert_id"), k -> new ArrayList<>()).add(new AlertEvent(
                    iso(r.get("event_ms")), java.util.Objects.requireNonNullElse(str(r, "action"), ""),
                    effective == null ? null : AlertState.fromWire(effective), str(r, "delivery_id")));
        }
        return byId;
    }

    private static Alert alert(Map<String, Object> r) {
        String state = str(r, "state");
        return new Alert(str(r, "alert_id"), str(r, "org"), str(r, "repo"), AlertType.fromWire(str(r, "alert_type")),
                integer(r, "alert_number"), Severity.fromWire(str(r, "severity")), str(r, "tool"), str(r, "rule"),
                str(r, "title"), str(r, "url"), AlertState.fromWire(state), iso(r.get("created_ms")),
                Boolean.TRUE.equals(r.get("created_inferred")), iso(r.get("closed_ms")), str(r, "close_reason"),
                str(r, "dismissed_reason"), dbl(r, "time_to_remediate_seconds"), integer(r, "reopen_count"));
    }

    private static Filters filters(Criteria c, Set<AlertState> states, boolean createdWindow) {
        return new Filters(c.orgs(), c.repos(),
                c.alertTypes() == null ? null : c.alertTypes().stream().map(AlertType::wire).toList(),
                c.severities() == null ? null : c.severities().stream().map(Severity::wire).toList(),
                c.tools(),
                states == null || states.size() == AlertState.values().length ? null
                        : states.stream().map(AlertState::wire).toList(),
                createdWindow && c.from() != null ? c.from().toEpochMilli() : null,
                createdWindow && c.to() != null ? c.to().toEpochMilli() : null);
    }

    private static String str(Map<String, Object> r, String k) {
        Object v = r.get(k);
        return v == null ? null : v.toString();
    }

    private static int integer(Map<String, Object> r, String k) {
        Object v = r.get(k);
        return v == null ? 0 : ((Number) v).intValue();
    }

    private static Double dbl(Map<String, Object> r, String k) {
        Object v = r.get(k);
        return v == null ? null : ((Number) v).doubleValue();
    }

    private static String iso(Object epochMs) {
        return epochMs == null ? null : Instant.ofEpochMilli(((Number) epochMs).longValue()).toString();
    }
}
