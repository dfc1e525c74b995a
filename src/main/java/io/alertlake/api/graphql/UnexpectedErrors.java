package io.alertlake.api.graphql;

import io.alertlake.query.QueryFailedException;
import io.smallrye.graphql.cdi.event.ErrorDataFetch;
import io.smallrye.graphql.cdi.event.ErrorInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Logs what the API answers as "System error": an exception a resolver did not expect, whose detail the client
 * is not shown. Invalid arguments are the client's to fix (their message is the answer), and failed queries are
 * logged by the engine that ran them; anything else is a bug or an outage an operator must be able to find.
 */
@ApplicationScoped
class UnexpectedErrors {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrors.class);

    void log(@Observes @ErrorDataFetch ErrorInfo error) {
        Throwable t = error.getT();
        if (t instanceof InvalidArgumentException || t instanceof QueryFailedException) {
            return;
        }
        String field = error.getContext() == null ? "a field" : error.getContext().getPath();
        LOG.errorf(t, "GraphQL request %s: %s failed unexpectedly and was answered \"System error\"",
                error.getExecutionId(), field);
    }
}
