package io.alertlake.api.graphql;

import jakarta.enterprise.context.RequestScoped;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many of the fields that run a query ({@code remediation}, {@code alerts}, {@code alert}) one request may ask
 * for. Aliases let a request ask for a field many times, each with other arguments, and the complexity limit
 * counts fields, not queries: some 200 aliased {@code alerts} fit in it, each a query (on AWS, an Athena query
 * scanning the lake). Past the budget each further field is an error, and the request runs no more queries.
 */
@RequestScoped
public class QueryBudget {

    static final int MAX_QUERIES = 20;

    private final AtomicInteger spent = new AtomicInteger();

    void spend(String field) throws InvalidArgumentException {
        if (spent.incrementAndGet() > MAX_QUERIES) {
            throw new InvalidArgumentException("a request may ask for remediation, alerts and alert " + MAX_QUERIES
                    + " times in all (each runs a query); this '" + field + "' is one too many: send it in another request");
        }
    }
}
