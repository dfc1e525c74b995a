package io.alertlake.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL of {@code sql/}, read from the classpath, and the rendering of its {@code {{placeholders}}} with
 * fixed fragments. A placeholder is only ever replaced by SQL written in this code base, never by a value.
 */
public final class SqlFiles {

    /** The view definitions, in the order they depend on each other. */
    public static final List<String> VIEWS = List.of("views/01_repository_names.sql",
            "views/02_alert_event_states.sql", "views/03_alert_events.sql", "views/04_alert_lifecycle.sql",
            "views/05_remediation_monthly.sql");

    private static final Pattern VIEW_HEAD = Pattern.compile("CREATE OR REPLACE VIEW \\w+ AS");

    /** "Now" in epoch ms, written so that both Trino and DuckDB (with its macros) evaluate it. */
    public static final String NOW_MS = "CAST(to_unixtime(current_timestamp) * 1000 AS bigint)";

    private SqlFiles() {
    }

    public static String read(String path) {
        try (InputStream in = SqlFiles.class.getResourceAsStream("/sql/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL file sql/" + path);
            }
            return stripTrailingSemicolon(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces each {@code {{name}}} with its fragment; a placeholder left unreplaced is a bug. */
    public static String render(String sql, Map<String, String> fragments) {
        String out = sql;
        for (var e : fragments.entrySet()) {
            out = out.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        int open = out.indexOf("{{");
        if (open >= 0) {
            throw new IllegalStateException("unrendered placeholder " + out.substring(open, out.indexOf("}}", open) + 2));
        }
        return out;
    }

    /** The alert-state subquery over a table expression of events, as of a bound parameter or an SQL expression. */
    public static String alertState(String events, String asOfMs) {
        return render(read("queries/alert_state.sql"), Map.of("events", events, "as_of_ms", asOfMs));
    }

    /** The query of the alert_event_states view with a condition on the findings it reads (empty: the view's own). */
    public static String alertEventStates(String findingsScope) {
        return viewQuery("views/02_alert_event_states.sql", Map.of("findings_scope", findingsScope));
    }

    /** The query of the alert_events view with a condition on the findings it reads (empty: the view's own). */
    static String alertEvents(String findingsScope) {
        return viewQuery("views/03_alert_events.sql",
                Map.of("alert_event_states", "(" + alertEventStates(findingsScope) + ")"));
    }

    /** The query of the alert_lifecycle view over a table expression of alert events. */
    static String alertLifecycle(String events) {
        return viewQuery("views/04_alert_lifecycle.sql", Map.of("alert_state", alertState(events, NOW_MS)));
    }

    /** A view's SELECT, rendered, without its CREATE head: to inline it where a query needs its own copy. */
    private static String viewQuery(String path, Map<String, String> fragments) {
        String sql = render(read(path), fragments);
        Matcher head = VIEW_HEAD.matcher(sql);
        if (!head.find()) {
            throw new IllegalStateException(path + " does not create a view");
        }
        return sql.substring(head.end()).strip();
    }

    /** Every view's CREATE statement, rendered, in order. */
    public static List<String> viewStatements() {
        return VIEWS.stream().map(SqlFiles::view).toList();
    }

    private static String view(String path) {
        String sql = read(path);
        return switch (path) {
            case "views/02_alert_event_states.sql" -> render(sql, Map.of("findings_scope", ""));
            case "views/03_alert_events.sql" -> render(sql, Map.of("alert_event_states", "alert_event_states"));
            case "views/04_alert_lifecycle.sql" -> render(sql, Map.of("alert_state",
                    alertState(EventSource.ALL.sql(), NOW_MS)));
            case "views/05_remediation_monthly.sql" -> render(sql, Map.of("remediation",
                    RemediationSql.monthlyView()));
            default -> sql;
        };
    }

    private static String stripTrailingSemicolon(String sql) {
        String s = sql.strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
    }
}
