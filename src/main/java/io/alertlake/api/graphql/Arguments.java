package io.alertlake.api.graphql;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.regex.Pattern;

/** Validates and parses GraphQL arguments at the edge, with messages that name the bad value. */
public final class Arguments {

    public static final int MAX_FIRST = 500;
    /** GitHub logins and repository names: letters, digits, '.', '-', '_' (no slashes, quotes or spaces). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** ISO date-time with or without an offset; strict, as dates are: February 30 is an error, not February 28. */
    private static final DateTimeFormatter OFFSET_OPTIONAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).optionalStart().appendOffsetId().optionalEnd().toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    /** Times the engines' epoch milliseconds hold. */
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Arguments() {
    }

    /**
     * An ISO date ({@code 2026-10-01}, midnight UTC) or date-time ({@code 2026-10-01T12:00:00Z}; without an offset,
     * {@code 2026-10-01T12:00:00}, it is UTC, as every time of the API is).
     */
    public static Instant instant(String argument, String value) throws InvalidArgumentException {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            Instant at = v.length() == 10 ? LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : OFFSET_OPTIONAL.parse(v, t -> t.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)
                    ? OffsetDateTime.from(t).toInstant() : LocalDateTime.from(t).toInstant(ZoneOffset.UTC));
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                throw new InvalidArgumentException("'" + argument + "' must be between 1970 and 9999, got '"
                        + abbreviate(value) + "'");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw new InvalidArgumentException("'" + argument + "' must be an ISO date (2026-10-01) or date-time "
                    + "(2026-10-01T12:00:00Z), got '" + abbreviate(value) + "'");
        }
    }

    public static int first(Integer first) throws InvalidArgumentException {
        int n = first == null ? 50 : first;
        if (n < 1 || n > MAX_FIRST) {
            throw new InvalidArgumentException("'first' must be between 1 and " + MAX_FIRST + ", got " + n);
        }
        return n;
    }

    /** Values a filter list may hold: each is a bound parameter of every query the request runs. */
    public static final int MAX_LIST = 200;

    /** A filter list of enum values, each once: at most a handful, however many the request repeats. */
    public static <E extends Enum<E>> List<E> distinct(List<E> values) {
        return values == null ? null : values.stream().distinct().toList();
    }

    public static List<String> orgs(List<String> orgs) throws InvalidArgumentException {
        if (orgs == null) {
            return null;
        }
        size("orgs", orgs);
        for (String org : orgs) {
            if (org == null || !NAME.matcher(org).matches()) {
                throw new InvalidArgumentException("'orgs' holds '" + abbreviate(org) + "', which is not a GitHub "
                        + "organization login");
            }
        }
        return orgs;
    }

    /** Repositories as {@code org/repo}. */
    public static List<String> repos(List<String> repos) throws InvalidArgumentException {
        if (repos == null) {
            return null;
        }
        size("repos", repos);
        for (String repo : repos) {
            String[] parts = repo == null ? new String[0] : repo.split("/", -1);
            if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches()) {
                throw new InvalidArgumentException("'repos' holds '" + abbreviate(repo) + "'; expected org/repo");
            }
        }
        return repos;
    }

    /** Tool names (free text: GitHub's and third-party code scanning tools). */
    public static List<String> tools(List<String> tools) throws InvalidArgumentException {
        if (tools != null) {
            size("tools", tools);
            for (String tool : tools) {
                if (tool.length() > 100) {
                    throw new InvalidArgumentException("'tools' holds a name longer than 100 characters: '"
                            + abbreviate(tool) + "'");
                }
            }
        }
        return tools;
    }

    private static void size(String argument, List<?> values) throws InvalidArgumentException {
        if (values.size() > MAX_LIST) {
            throw new InvalidArgumentException("'" + argument + "' holds " + values.size() + " values; at most "
                    + MAX_LIST);
        }
    }

    /** An alert id {@code org/repo/alert_type/number}. */
    public static String[] alertId(String id) throws InvalidArgumentException {
        String[] parts = id == null ? new String[0] : id.split("/", -1);
        if (parts.length != 4 || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches()
                || !parts[2].matches("code_scanning|dependabot|secret_scanning") || !parts[3].matches("[0-9]{1,9}")) {
            throw new InvalidArgumentException("'id' must be org/repo/alert_type/number "
                    + "(alert_type: code_scanning, dependabot or secret_scanning), got '" + abbreviate(id) + "'");
        }
        return parts;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
