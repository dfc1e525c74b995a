package io.alertlake.github;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertlake.config.OrgScope;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The App as alertlake uses it: its installations (limited to the configured orgs) and a token for each. */
public final class GitHubApp {

    private static final Logger LOG = Logger.getLogger(GitHubApp.class);

    /**
     * An account the App is installed on.
     *
     * @param permissions what the installation was granted (permission → {@code read}, {@code write} or
     *                    {@code admin}), as {@code GET /app/installations} lists it
     */
    public record Installation(long id, String account, Map<String, String> permissions) {
        public Installation {
            permissions = Map.copyOf(permissions);
        }
    }

    /**
     * What a token is for, and so the permissions it is minted with: the App may have been granted more (an App
     * made for other work too), and a token alertlake holds should not be able to use them.
     */
    public enum Use {
        /** Listing an installation's repositories and their alerts. */
        READ_ALERTS("reading alerts", Map.of("metadata", "read", "security_events", "read",
                "vulnerability_alerts", "read", "secret_scanning_alerts", "read")),
        /** Listing an org webhook's deliveries and asking GitHub to send one again. */
        REDELIVER_ORG_HOOK("sweeping an org webhook", Map.of("organization_hooks", "write"));

        private final String doing;
        private final Map<String, String> needs;

        Use(String doing, Map<String, String> needs) {
            this.doing = doing;
            this.needs = needs;
        }

        /**
         * The permissions to ask for on {@code installation}: those this use needs that it was granted, each at
         * most at the level granted. An installation listed without its permissions: none asked (a token of all
         * the App's permissions, as GitHub mints by default).
         *
         * @throws IllegalStateException when the installation was granted none of them
         */
        Map<String, String> permissions(Installation installation) {
            if (installation.permissions().isEmpty()) {
                return Map.of();
            }
            Map<String, String> asked = new TreeMap<>();
            needs.forEach((permission, level) -> {
                String granted = installation.permissions().get(permission);
                if (granted != null) {
                    asked.put(permission, "write".equals(level) && !"read".equals(granted) ? "write" : "read");
                }
            });
            if (asked.isEmpty()) {
                throw new IllegalStateException("the App's installation on " + installation.account()
                        + " was granted none of " + new TreeMap<>(needs).keySet() + ", which " + doing + " needs");
            }
            return asked;
        }
    }

    private final GitHubApi api;
    private final AppJwt jwt;
    private final InstallationTokens tokens;
    private final OrgScope orgs;

    /** @param orgs account logins to limit to; empty means every installation */
    public GitHubApp(GitHubApi api, AppJwt jwt, Clock clock, Set<String> orgs) {
        this.api = api;
        this.jwt = jwt;
        this.tokens = new InstallationTokens(api, jwt, clock);
        this.orgs = OrgScope.of(orgs);
    }

    public GitHubApi api() {
        return api;
    }

    /** The App's own JWT, for the {@code /app/...} endpoints. */
    public String appToken() {
        return jwt.token();
    }

    /** The installation's token for {@code use}, renewed when GitHub refuses it (401). */
    public GitHubApi.RenewableToken tokenFor(Installation installation, Use use) {
        return tokenFor(() -> installation, use);
    }

    /** The same for an installation found at the first ask only ({@code installation} is called once). */
    public GitHubApi.RenewableToken tokenFor(Supplier<Installation> installation, Use use) {
        return new GitHubApi.RenewableToken() {
            private Installation found;
            /** What tokens are asked for with on the installation found: worked out once, not per request. */
            private Map<String, String> permissions;

            @Override
            public synchronized String get() {
                if (found == null) {
                    Installation i = installation.get();
                    permissions = use.permissions(i);
                    found = i;
                }
                return tokens.token(found.id(), permissions);
            }

            @Override
            public synchronized void refused(String token) {
                if (found != null) {
                    tokens.forget(found.id(), permissions, token);
                }
            }
        };
    }

    /**
     * Installations, in GitHub's order, limited to {@code alertlake.github.orgs} and to {@code only} when given.
     * Suspended ones are left out: GitHub refuses them a token until they are unsuspended.
     */
    public List<Installation> installations(String only) {
        List<Installation> out = new ArrayList<>();
        api.pages("/app/installations?per_page=100", jwt::token, page -> {
            for (JsonNode i : page.json()) {
                String account = i.path("account").path("login").asText();
                boolean suspended = i.hasNonNull("suspended_at");
                if (orgs.includes(account) && (only == null || only.equalsIgnoreCase(account))) {
                    if (suspended) {
                        LOG.infof("the App's installation on %s is suspended; its alerts are not read", account);
                    } else {
                        out.add(new Installation(i.path("id").asLong(), account, granted(i.path("permissions"))));
                    }
                }
            }
            return true;
        });
        return out;
    }

    private static Map<String, String> granted(JsonNode permissions) {
        Map<String, String> granted = new TreeMap<>();
        permissions.properties().forEach(p -> granted.put(p.getKey(), p.getValue().asText()));
        return granted;
    }
}
