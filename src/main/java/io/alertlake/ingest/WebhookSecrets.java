package io.alertlake.ingest;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.config.Role;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The webhook secrets in force. aws mode refuses to run without one; local mode generates one so a new
 * user can sign test deliveries, and prints it exactly once.
 */
@Singleton
public class WebhookSecrets {

    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);
    /** Shorter secrets are refused in aws mode, as API tokens are. */
    static final int MIN_LENGTH = 20;

    private final SignatureVerifier verifier;
    private final Optional<String> generated;
    private final String current;

    WebhookSecrets(AlertlakeConfig config) {
        List<String> secrets = new ArrayList<>();
        config.webhook().secret().filter(s -> !s.isBlank()).ifPresent(secrets::add);
        if (secrets.isEmpty()) {
            if (!config.isLocal() && config.runs(Role.INGEST)) {
                throw new IllegalStateException("alertlake.webhook.secret (env ALERTLAKE_WEBHOOK_SECRET) is required "
                        + "in aws mode: without it no delivery can be verified");
            }
            // local mode: generated and printed; a task without the ingest role (the consumer), which no webhook
            // reaches and which is given no secret: one nobody knows, so that its endpoint verifies nothing
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String secret = HexFormat.of().formatHex(random);
            secrets.add(secret);
            generated = config.isLocal() ? Optional.of(secret) : Optional.empty();
        } else {
            generated = Optional.empty();
        }
        current = secrets.get(0);
        config.webhook().previousSecret().filter(s -> !s.isBlank()).ifPresent(secrets::add);
        if (!config.isLocal() && secrets.stream().anyMatch(s -> s.length() < MIN_LENGTH)) {
            // one signed delivery (GitHub's delivery log shows them) lets anyone try short secrets offline
            throw new IllegalStateException("alertlake.webhook.secret or previous-secret is shorter than " + MIN_LENGTH
                    + " characters, which can be guessed from one signed delivery; use a random one, e.g. "
                    + "`openssl rand -hex 32`, in the webhook's settings and here");
        }
        verifier = new SignatureVerifier(secrets);
        if (secrets.size() > 1) {
            LOG.info("webhook secret rotation in progress: deliveries signed with the previous secret are accepted");
        }
    }

    public SignatureVerifier verifier() {
        return verifier;
    }

    /** Signs a body with the current secret, as GitHub would (used by the local demo). */
    public String sign(byte[] body) {
        return SignatureVerifier.sign(current, body);
    }

    /** The secret generated for this local run, if none was configured. */
    public Optional<String> generated() {
        return generated;
    }
}
