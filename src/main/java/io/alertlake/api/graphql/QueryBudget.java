package io.alertlake.api.graphql;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.query.QueryFailedException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one request may spend on queries: how many of the fields that run one ({@code remediation},
 * {@code alerts}, {@code alert}) it may ask for, and how long its queries may run together
 * ({@code alertlake.api.request-timeout}). Aliases let a request ask for a field many times, each with other
 * arguments, and the complexity limit counts fields, not queries: some 200 aliased {@code alerts} fit in it, each a
 * query (on AWS, an Athena query scanning the lake). Past the budget each further field is an error, and the request
 * runs no more queries.
 */
@RequestScoped
public class QueryBudget {

    static final int MAX_QUERIES = 20;

    private final AtomicInteger spent = new AtomicInteger();
    private final Clock clock;
    private final Duration queryTimeout;
    private final Instant ends;

    @Inject
    QueryBudget(AlertlakeConfig config) {
        this(config, Clock.systemUTC());
    }

    QueryBudget(AlertlakeConfig config, Clock clock) {
        this.clock = clock;
        this.queryTimeout = config.api().queryTimeout();
        // made with the request's first field that queries: parsing and validating the request came before
        this.ends = clock.instant().plus(config.api().requestTimeout());
    }

    void spend(String field) throws InvalidArgumentException {
        if (spent.incrementAndGet() > MAX_QUERIES) {
            throw new InvalidArgumentException("a request may ask for remediation, alerts and alert " + MAX_QUERIES
                    + " times in all (each runs a query); this '" + field + "' is one too many: send it in another request");
        }
    }

    /**
     * The deadline of the query about to run: what is left of the request's time, at most a query's; none left is
     * an error the client sees.
     */
    Duration deadline() {
        Duration left = Duration.between(clock.instant(), ends);
        if (left.isNegative() || left.isZero()) {
            throw new QueryFailedException("this request's queries ran for alertlake.api.request-timeout together; "
                    + "ask for fewer fields in one request");
        }
        return left.compareTo(queryTimeout) < 0 ? left : queryTimeout;
    }
}
