package io.alertlake.github;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertlake.config.OrgScope;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** The App as alertlake uses it: its installations (limited to the configured orgs) and a token for each. */
public final class GitHubApp {

    private static final Logger LOG = Logger.getLogger(GitHubApp.class);

    /** An account the App is installed on. */
    public record Installation(long id, String account) {
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

    /** The installation's token for a request, renewed when GitHub refuses it (401). */
    public GitHubApi.RenewableToken tokenFor(Installation installation) {
        return tokenFor(() -> installation);
    }

    /** The same for an installation found at the first ask only ({@code installation} is called once). */
    public GitHubApi.RenewableToken tokenFor(Supplier<Installation> installation) {
        return new GitHubApi.RenewableToken() {
            private Installation found;

            @Override
            public synchronized String get() {
                if (found == null) {
                    found = installation.get();
                }
                return tokens.token(found.id());
            }

            @Override
            public synchronized void refused(String token) {
                if (found != null) {
                    tokens.forget(found.id(), token);
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
                        out.add(new Installation(i.path("id").asLong(), account));
                    }
                }
            }
            return true;
        });
        return out;
    }
}
