package io.alertlake.query;

/** A query could not be answered. The message is safe to show to API callers: no SQL, no credentials. */
public class QueryFailedException extends RuntimeException {
    public QueryFailedException(String message) {
        super(message);
    }
}
