package io.alertlake.query;

import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.Row;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one parameterised statement on Athena: StartQueryExecution with execution parameters (Athena binds
 * them server-side as literals, so no value is ever spliced into the SQL text), polling with exponential
 * backoff up to a deadline, StopQueryExecution when the deadline passes, result reuse for repeated
 * identical queries, and GetQueryResults paging into typed rows.
 */
public class AthenaStatements implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AthenaStatements.class);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final AthenaClient athena;
    private final String workgroup;
    private final String database;
    private final Duration resultReuse;
    private final Duration firstPoll;
    private final Duration maxPoll;

    public AthenaStatements(AthenaClient athena, String workgroup, String database, Duration resultReuse,
                            Duration firstPoll, Duration maxPoll) {
        this.athena = athena;
        this.workgroup = workgroup;
        this.database = database;
        this.resultReuse = resultReuse;
        this.firstPoll = firstPoll;
        this.maxPoll = maxPoll;
    }

    /** Runs {@code sql} with {@code parameters} bound to its {@code ?} in order; fails after {@code deadline}. */
    public List<Map<String, Object>> query(String sql, List<?> parameters, Duration deadline) {
        Instant giveUpAt = Instant.now().plus(deadline);
        List<String> literals = parameters.stream().map(AthenaStatements::literal).toList();
        try {
            String id = start(sql, literals, !resultReuse.isZero());
            awaitSuccess(id, giveUpAt);
            return results(id);
        } catch (SdkException e) {
            throw failed(e);
        }
    }

    /** Runs a statement that answers no rows (DDL), without result reuse (Athena reuses SELECT results only). */
    public void run(String statement, Duration deadline) {
        Instant giveUpAt = Instant.now().plus(deadline);
        try {
            awaitSuccess(start(statement, List.of(), false), giveUpAt);
        } catch (SdkException e) {
            throw failed(e);
        }
    }

    /**
     * A request Athena refused (a role without a permission, a workgroup that does not exist, throttling past the
     * SDK's retries) or that never got an answer: logged for operators, whom the API's callers cannot tell,
     * and answered with the error's code alone (its message can quote the statement).
     */
    private static QueryFailedException failed(SdkException e) {
        LOG.warnf("Athena request failed: %s", e.getMessage());
        String code = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode() : "no answer";
        return new QueryFailedException("the query engine could not run the query (Athena: " + code + ")");
    }

    private String start(String sql, List<String> literals, boolean reuse) {
        return athena.startQueryExecution(r -> {
            r.queryString(sql).workGroup(workgroup).queryExecutionContext(c -> c.database(database));
            if (!literals.isEmpty()) {
                r.executionParameters(literals);
            }
            if (reuse) {
                r.resultReuseConfiguration(c -> c.resultReuseByAgeConfiguration(a -> a.enabled(true)
                        .maxAgeInMinutes((int) Math.max(1, resultReuse.toMinutes()))));
            }
        }).queryExecutionId();
    }

    private void awaitSuccess(String id, Instant giveUpAt) {
        long sleep = firstPoll.toMillis();
        while (true) {
            QueryExecutionStatus status = athena.getQueryExecution(r -> r.queryExecutionId(id))
                    .queryExecution().status();
            QueryExecutionState state = status.state();
            if (state == QueryExecutionState.SUCCEEDED) {
                return;
            }
            if (state == QueryExecutionState.FAILED || state == QueryExecutionState.CANCELLED) {
                // Athena's reason can quote the SQL; it is logged for operators, never returned to callers
                LOG.warnf("Athena query %s %s: %s", id, state, status.stateChangeReason());
                throw new QueryFailedException("the query engine could not run the query (Athena " + state
                        + ", execution " + id + ")");
            }
            if (Instant.now().plusMillis(sleep).isAfter(giveUpAt)) {
                try {
                    athena.stopQueryExecution(r -> r.queryExecutionId(id));
                } catch (RuntimeException e) {
                    LOG.debugf("stopping %s failed: %s", id, e);
                }
                throw new QueryFailedException("the query took longer than its deadline and was cancelled "
                        + "(Athena execution " + id + ")");
            }
            sleepQuietly(sleep);
            sleep = Math.min(sleep * 2, maxPoll.toMillis());
        }
    }

    private List<Map<String, Object>> results(String id) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<ColumnInfo> columns = null;
        boolean header = true;
        for (GetQueryResultsResponse page : athena.getQueryResultsPaginator(r -> r.queryExecutionId(id)
                .maxResults(1000))) {
            if (columns == null) {
                columns = page.resultSet().resultSetMetadata().columnInfo();
            }
            for (Row row : page.resultSet().rows()) {
                if (header) { // the first row of a SELECT's first page repeats the column names
                    header = false;
                    continue;
                }
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    Datum d = i < row.data().size() ? row.data().get(i) : null;
                    values.put(columns.get(i).name(), typed(columns.get(i).type(), d == null ? null : d.varCharValue()));
                }
                rows.add(values);
            }
        }
        return rows;
    }

    /** Converts Athena's text cells to Java values by the column's declared type. */
    static Object typed(String type, String value) {
        if (value == null) {
            return null;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "tinyint", "smallint", "integer" -> Integer.valueOf(value);
            case "bigint" -> Long.valueOf(value);
            case "double", "float", "real" -> Double.valueOf(value);
            case "decimal" -> new BigDecimal(value);
            case "boolean" -> Boolean.valueOf(value);
            case "date" -> LocalDate.parse(value);
            case "timestamp", "timestamp with time zone" ->
                    LocalDateTime.parse(value.substring(0, Math.min(value.length(), 23)).replace(' ', 'T'))
                            .toInstant(ZoneOffset.UTC);
            default -> value;
        };
    }

    /** An Athena execution parameter: a SQL literal whose quotes are escaped, never raw SQL. */
    static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Instant i) {
            return "TIMESTAMP '" + TIMESTAMP.format(i.atOffset(ZoneOffset.UTC)) + "'";
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryFailedException("interrupted while waiting for Athena");
        }
    }

    /** Closes the Athena client it was given (its connections). */
    @Override
    public void close() {
        athena.close();
    }
}
