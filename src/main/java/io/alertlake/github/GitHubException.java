package io.alertlake.github;

/** GitHub answered with an error status, or could not be reached after the retries. */
public class GitHubException extends RuntimeException {

    private final int status;

    public GitHubException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when GitHub was not reached. */
    public int status() {
        return status;
    }

    /** A rate limit that would take longer than allowed to reset. */
    public static final class RateLimited extends GitHubException {
        RateLimited(int status, String message) {
            super(status, message);
        }
    }

    /** A 5xx or an I/O error: worth retrying with backoff. */
    static final class Transient extends GitHubException {
        Transient(int status, String message) {
            super(status, message);
        }
    }
}
