package io.alertlake.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.faulttolerance.api.TypedGuard;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;

/**
 * GitHub's REST API over plain HTTP: waits out rate limits, retries the 5xx and I/O errors of reads with
 * exponential backoff (SmallRye Fault Tolerance), and follows {@code Link: rel="next"} pages, which covers both page-number and
 * cursor ({@code after=}) pagination because GitHub puts either into the link.
 */
public final class GitHubApi {

    private static final Logger LOG = Logger.getLogger(GitHubApi.class);
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    /** GitHub's advice for a secondary limit that names no wait: at least a minute. */
    private static final Duration SECONDARY_DEFAULT_WAIT = Duration.ofMinutes(1);
    private static final int MAX_RATE_LIMIT_WAITS = 5;

    /** Waits; tests replace it to observe waits without spending them. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * A token GitHub may refuse before its time (revoked, the installation's permissions changed, the App's key
     * rotated). Told so, it gives another at the next ask: a request refused with 401 is sent once more with that.
     */
    public interface RenewableToken extends Supplier<String> {
        void refused(String token);
    }

    public record Response(int status, HttpHeaders headers, byte[] body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new GitHubException(status, "GitHub answered with a body that is not JSON");
            }
        }

        /** The {@code rel="next"} page, if any. */
        public Optional<String> next() {
            return headers.firstValue("link").map(NEXT::matcher).filter(Matcher::find).map(m -> m.group(1));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    /** {@code baseUrl}'s scheme and authority: the only origin a token is sent to. */
    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration maxRateLimitWait;
    private final Sleeper sleeper;
    private final Clock clock;
    private final TypedGuard<Response> retries;

    public GitHubApi(String baseUrl, Duration timeout, int maxRetries, Duration retryDelay, Duration maxRateLimitWait,
                     Sleeper sleeper, Clock clock) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.base = URI.create(this.baseUrl);
        // redirects are followed by send(), and only within GitHub's origin: the client's own following would take
        // the token to wherever a Location points (it did, to another host, in GitHubApiStubServerTest)
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.maxRateLimitWait = maxRateLimitWait;
        this.sleeper = sleeper;
        this.clock = clock;
        this.retries = TypedGuard.create(Response.class)
                .withRetry().maxRetries(maxRetries).delay(retryDelay.toMillis(), ChronoUnit.MILLIS)
                .maxDuration(maxRateLimitWait.multipliedBy(MAX_RATE_LIMIT_WAITS + 1).plusMinutes(10).toMillis(),
                        ChronoUnit.MILLIS) // room for the rate-limit waits inside one attempt
                .retryOn(GitHubException.Transient.class)
                .withExponentialBackoff().factor(2).maxDelay(Math.max(retryDelay.toMillis() * 16, 1), ChronoUnit.MILLIS).done()
                .onRetry(() -> LOG.debug("retrying a GitHub request after a transient failure"))
                .done().build();
    }

    public Response get(String pathOrUrl, String authorization) {
        return get(pathOrUrl, () -> authorization);
    }

    /**
     * Asks for the token again before every attempt: one after a rate-limit wait (up to
     * {@code max-rate-limit-wait}, several times) or a retry may come after the token it started with expired.
     */
    public Response get(String pathOrUrl, Supplier<String> authorization) {
        return send("GET", pathOrUrl, authorization, null, true);
    }

    /**
     * Not retried after a 5xx or an I/O error (a timeout among them): GitHub may have carried the request out, and
     * a POST sent again would act twice. Sent again only after a rate limit, which GitHub answers without acting.
     */
    public Response post(String pathOrUrl, Supplier<String> authorization, String jsonBody) {
        return send("POST", pathOrUrl, authorization, jsonBody, false);
    }

    /** A POST that may safely be sent twice (minting a token): retried as a GET is. */
    public Response postRepeatable(String pathOrUrl, Supplier<String> authorization, String jsonBody) {
        return send("POST", pathOrUrl, authorization, jsonBody, true);
    }

    /** Reads {@code pathOrUrl} and its following pages while {@code page} returns true. */
    public void pages(String pathOrUrl, String authorization, Predicate<Response> page) {
        pages(pathOrUrl, () -> authorization, page);
    }

    /**
     * The same, asking for the token before each page: a long listing (pages of repositories, each with its alert
     * listings, rate-limit waits between them) outlives the token it started with, which GitHub then refuses.
     */
    public void pages(String pathOrUrl, Supplier<String> authorization, Predicate<Response> page) {
        Optional<String> next = Optional.of(pathOrUrl);
        while (next.isPresent()) {
            Response r = get(next.get(), authorization);
            if (!page.test(r)) {
                return;
            }
            next = r.next();
        }
    }

    private Response send(String method, String pathOrUrl, Supplier<String> authorization, String jsonBody,
                          boolean retried) {
        URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl);
        if (!sameOrigin(uri)) { // a page link elsewhere would take the App's token with it
            throw new GitHubException(0, "refusing to send a GitHub token to " + uri.getScheme() + "://"
                    + uri.getAuthority() + ", which is not " + baseUrl);
        }
        try {
            return retried ? retries.call(() -> sendOnce(method, uri, authorization, jsonBody))
                    : sendOnce(method, uri, authorization, jsonBody);
        } catch (GitHubException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException(0, "interrupted while calling GitHub");
        } catch (Exception e) {
            throw new GitHubException(0, method + " " + uri.getPath() + ": " + e.getMessage());
        }
    }

    private boolean sameOrigin(URI uri) {
        return java.util.Objects.equals(base.getScheme(), uri.getScheme())
                && java.util.Objects.equals(base.getAuthority(), uri.getAuthority());
    }

    /**
     * One logical request: repeated only after waiting out a rate limit, each time with the token
     * {@code authorization} gives then (cached tokens are renewed only shortly before they expire).
     */
    private Response sendOnce(String method, URI uri, Supplier<String> authorization, String jsonBody)
            throws InterruptedException {
        for (int redirects = 0; ; redirects++) {
            Response r = sendOnceHere(method, uri, authorization, jsonBody);
            Optional<String> location = r.status() >= 300 && r.status() < 400 && r.status() != 304
                    ? r.headers().firstValue("location") : Optional.empty();
            if (location.isEmpty()) {
                return r;
            }
            URI next = uri.resolve(location.get());
            if (!sameOrigin(next)) {
                throw new GitHubException(r.status(), method + " " + uri.getPath() + " answered a redirect to "
                        + next.getScheme() + "://" + next.getAuthority() + ", which is not " + baseUrl
                        + ": not followed, a GitHub token would go with it");
            }
            if (redirects == MAX_REDIRECTS) {
                throw new GitHubException(r.status(), method + " " + uri.getPath() + " redirected more than "
                        + MAX_REDIRECTS + " times");
            }
            // 303, and 301/302 after a POST as browsers do, become a GET; 307 and 308 keep the method and body
            if (r.status() == 303 || (r.status() <= 302 && !"GET".equals(method))) {
                method = "GET";
                jsonBody = null;
            }
            uri = next;
        }
    }

    private static final int MAX_REDIRECTS = 5;

    private Response sendOnceHere(String method, URI uri, Supplier<String> authorization, String jsonBody)
            throws InterruptedException {
        int waits = 0;
        boolean renewed = false;
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .header("User-Agent", "alertlake");
            String token = token(authorization);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            request.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
            if (jsonBody != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<byte[]> response = exchange(method, uri, request.build());
            Response r = new Response(response.statusCode(), response.headers(), response.body());
            Optional<Duration> wait = rateLimitWait(r, waits);
            if (wait.isPresent()) {
                if (waits >= MAX_RATE_LIMIT_WAITS || wait.get().compareTo(maxRateLimitWait) > 0) {
                    throw new GitHubException.RateLimited(r.status(), "GitHub rate limit: would have to wait " + wait.get()
                            + " for " + uri.getPath() + " (alertlake.github.max-rate-limit-wait is " + maxRateLimitWait + ")");
                }
                LOG.infof("GitHub rate limit reached; waiting %s before %s %s", wait.get(), method, uri.getPath());
                sleeper.sleep(wait.get());
                waits++;
                continue;
            }
            if (r.status() == 401 && !renewed && token != null && authorization instanceof RenewableToken renewable) {
                // GitHub acted on nothing: sending the request again, even a POST, does nothing twice
                LOG.infof("GitHub refused the token of %s %s (401); asking for a new one", method, uri.getPath());
                renewable.refused(token);
                renewed = true;
                continue;
            }
            if (r.status() >= 500) {
                throw new GitHubException.Transient(r.status(), method + " " + uri.getPath() + " answered " + r.status());
            }
            if (r.status() >= 400) {
                throw new GitHubException(r.status(), method + " " + uri.getPath() + " answered " + r.status()
                        + ": " + message(r));
            }
            return r;
        }
    }

    /**
     * The request and the whole of its response, within {@code timeout}: the client's own request timeout stops
     * counting once the headers are in, and a body that stalled after them held a job (and its lease) for good.
     * send() on a thread of its own, not sendAsync(), whose answer is handed on through the common ForkJoinPool
     * and so waits behind whatever blocks that pool.
     */
    private HttpResponse<byte[]> exchange(String method, URI uri, HttpRequest request) throws InterruptedException {
        FutureTask<HttpResponse<byte[]>> exchange =
                new FutureTask<>(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        Thread.ofVirtual().name("github-request").start(exchange);
        try {
            return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new GitHubException.Transient(0, method + " " + uri.getPath() + " timed out after " + timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new GitHubException.Transient(0, method + " " + uri.getPath() + " failed: " + io.getMessage());
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e.getCause(); // the rest: send() is interrupted only by the cancel below
        } finally {
            // interrupts a send() still under way (timed out, or this thread interrupted), which then aborts the
            // exchange and closes its connection; nothing once it has returned
            exchange.cancel(true);
        }
    }

    /** A token minting that failed after its own retries is not retried again by the request that needs it. */
    private static String token(Supplier<String> authorization) {
        try {
            return authorization.get();
        } catch (GitHubException.Transient e) {
            throw new GitHubException(e.status(), e.getMessage());
        }
    }

    /**
     * How long to wait when GitHub says a rate limit was hit (403 or 429): {@code Retry-After} if given (seconds, or
     * an HTTP date), else until {@code X-RateLimit-Reset} when nothing remains, else, for a secondary limit, a minute
     * the first time and twice the wait before each time after ({@code waitsBefore} of this request): GitHub asks
     * for "an exponentially increasing amount of time" while the limit goes on.
     */
    Optional<Duration> rateLimitWait(Response r, int waitsBefore) {
        if (r.status() != 403 && r.status() != 429) {
            return Optional.empty();
        }
        Optional<Duration> retryAfter = r.headers().firstValue("retry-after").flatMap(this::retryAfter);
        if (retryAfter.isPresent()) {
            return retryAfter;
        }
        if (r.headers().firstValue("x-ratelimit-remaining").map(String::trim).filter("0"::equals).isPresent()) {
            long reset = r.headers().firstValueAsLong("x-ratelimit-reset").orElse(0);
            Duration untilReset = Duration.between(clock.instant(), Instant.ofEpochSecond(reset)).plusSeconds(1);
            return Optional.of(untilReset.isNegative() || untilReset.isZero() ? Duration.ofSeconds(1) : untilReset);
        }
        if (r.status() == 429 || message(r).toLowerCase(Locale.ROOT).contains("secondary rate limit")) {
            return Optional.of(SECONDARY_DEFAULT_WAIT.multipliedBy(1L << Math.min(waitsBefore, 20)));
        }
        return Optional.empty();
    }

    /** A {@code Retry-After} value (RFC 9110: seconds, or the date to wait until) as a wait of a second at least. */
    private Optional<Duration> retryAfter(String value) {
        String v = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(1, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(clock.instant(), ZonedDateTime.parse(v, RFC_1123_DATE_TIME));
                return Optional.of(until.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : until);
            } catch (DateTimeParseException neither) {
                return Optional.empty(); // the other signs decide
            }
        }
    }

    private static String message(Response r) {
        try {
            JsonNode m = JSON.readTree(r.body()).path("message");
            return m.isTextual() ? m.asText() : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

}
