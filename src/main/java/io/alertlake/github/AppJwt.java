package io.alertlake.github;

import io.smallrye.jwt.build.Jwt;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The GitHub App's own token: an RS256 JWT issued by the App, {@code iat} 60 s in the past (GitHub's advice against
 * clock drift) and valid for 9 minutes (GitHub accepts at most 10). Used only to list installations, mint
 * installation tokens and read the App's webhook deliveries.
 */
public final class AppJwt {

    static final Duration BACKDATE = Duration.ofSeconds(60);
    static final Duration LIFETIME = Duration.ofMinutes(9);

    private final String issuer;
    private final PrivateKey key;
    private final Clock clock;
    private volatile Signed current;

    private record Signed(String token, Instant expires) {
    }

    public AppJwt(String issuer, PrivateKey key, Clock clock) {
        this.issuer = issuer;
        this.key = key;
        this.clock = clock;
    }

    /** A valid JWT, re-signed when the cached one has less than a minute left. */
    public String token() {
        Instant now = clock.instant();
        Signed s = current;
        if (s == null || now.plusSeconds(60).isAfter(s.expires())) {
            Instant issued = now.minus(BACKDATE);
            Instant expires = now.plus(LIFETIME);
            s = new Signed(Jwt.issuer(issuer).issuedAt(issued.getEpochSecond()).expiresAt(expires.getEpochSecond())
                    .sign(key), expires); // RS256 is the default for an RSA key
            current = s;
        }
        return s.token();
    }
}
