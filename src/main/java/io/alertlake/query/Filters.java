package io.alertlake.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which alerts a query considers. Rendered as fixed conditions on allowlisted columns with one bound
 * parameter per value; a null or empty list means no restriction.
 *
 * @param orgs       organization logins, in any case (GitHub's are case-insensitive: {@code Octo} is {@code octo})
 * @param repos      {@code org/repo}, in any case
 * @param alertTypes {@code code_scanning}, {@code dependabot}, {@code secret_scanning}
 * @param severities {@code critical} … {@code none}
 * @param tools      tool names
 * @param states     {@code open}, {@code fixed}, {@code dismissed} (alert lists only)
 * @param createdFrom alerts created at or after (epoch ms), alert lists only
 * @param createdTo   alerts created before (epoch ms), alert lists only
 */
public record Filters(List<String> orgs, List<String> repos, List<String> alertTypes, List<String> severities,
                      List<String> tools, List<String> states, Long createdFrom, Long createdTo) {

    public static final Filters NONE = new Filters(null, null, null, null, null, null, null, null);

    /** SQL ({@code AND …} conditions) and its parameters. */
    public record Rendered(String sql, List<Object> parameters) {
    }

    public Rendered render(String alias) {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        in(sql, params, "lower(" + alias + "org)", lowerCase(orgs));
        in(sql, params, "lower(" + alias + "org || '/' || " + alias + "repo)", lowerCase(repos));
        in(sql, params, alias + "alert_type", alertTypes);
        in(sql, params, alias + "severity", severities);
        in(sql, params, alias + "tool", tools);
        in(sql, params, alias + "state", states);
        if (createdFrom != null) {
            sql.append(" AND ").append(alias).append("created_ms >= CAST(? AS bigint)");
            params.add(createdFrom);
        }
        if (createdTo != null) {
            sql.append(" AND ").append(alias).append("created_ms < CAST(? AS bigint)");
            params.add(createdTo);
        }
        return new Rendered(sql.toString(), params);
    }

    private static void in(StringBuilder sql, List<Object> params, String column, List<String> values) {
        if (values != null && !values.isEmpty()) {
            sql.append(" AND ").append(column).append(" IN (").append(placeholders(values.size())).append(")");
            params.addAll(values);
        }
    }

    private static List<String> lowerCase(List<String> names) {
        return names == null ? null : names.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toList();
    }

    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
