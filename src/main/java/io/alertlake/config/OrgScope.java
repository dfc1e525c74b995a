package io.alertlake.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The orgs (or users) alertlake counts, {@code alertlake.github.orgs}: GitHub's logins, in any case; none means
 * every one. The App's jobs read only their installations, and the mapper quarantines the deliveries of others.
 */
public record OrgScope(Set<String> logins) {

    /**
     * The logins as configured, trimmed, blanks left out: the configuration keeps the spaces around a list's items
     * ({@code acme, beta} is {@code "acme"} and {@code " beta"}), and no login has any.
     */
    public static OrgScope of(Collection<String> logins) {
        return new OrgScope(logins.stream().map(l -> l.trim().toLowerCase(Locale.ROOT)).filter(l -> !l.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** Whether the account {@code login} is counted. */
    public boolean includes(String login) {
        return logins.isEmpty() || login != null && logins.contains(login.toLowerCase(Locale.ROOT));
    }
}
