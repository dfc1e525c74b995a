package io.alertlake.ingest;

import io.alertlake.config.AlertlakeConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The events {@code alertlake.webhook.events} names, as GitHub spells them in {@code X-GitHub-Event}. A delivery of
 * any other event is answered 202 and not stored, and GitHub never sends it again: so a name that can never match
 * (a space after a comma, a capital letter, a typo such as {@code dependabot-alert}) would lose events without a
 * trace. Names are trimmed and lower-cased, and a name that is not an event name stops the service at start.
 */
@Startup(10) // a wrong name stops the service as it starts, before the consumer (200) and the rest begin
@Singleton
class StoredEvents {

    /** GitHub's event names: lower-case words joined by underscores ({@code secret_scanning_alert_location}). */
    private static final Pattern EVENT_NAME = Pattern.compile("[a-z]+(_[a-z]+)*");

    private final Set<String> names;

    @Inject
    StoredEvents(AlertlakeConfig config) {
        this(config.webhook().events());
    }

    StoredEvents(Collection<String> configured) {
        Set<String> names = configured.stream()
                .map(name -> name.strip().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> invalid = names.stream().filter(name -> !EVENT_NAME.matcher(name).matches())
                .collect(Collectors.toCollection(TreeSet::new));
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException("alertlake.webhook.events: " + invalid + " are not GitHub event names"
                    + " (lower-case words joined by '_', such as dependabot_alert)");
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("alertlake.webhook.events names no event: nothing would be stored");
        }
        this.names = Set.copyOf(names);
    }

    boolean stores(String event) {
        return names.contains(event);
    }
}
