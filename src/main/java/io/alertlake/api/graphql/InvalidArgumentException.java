package io.alertlake.api.graphql;

/**
 * A caller's argument is wrong. Checked, so SmallRye GraphQL shows its message to the caller (runtime
 * exceptions are hidden); the message names the argument and never contains SQL.
 */
public class InvalidArgumentException extends Exception {
    public InvalidArgumentException(String message) {
        super(message);
    }
}
