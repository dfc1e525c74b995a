package io.alertlake.ingest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredEventsTest {

    @Test
    void namesAreTrimmedAndLowerCasedSoASpaceAfterACommaLosesNothing() {
        // what ALERTLAKE_WEBHOOK_EVENTS="code_scanning_alert, Dependabot_Alert" gives: matched exactly, the second
        // name would answer every Dependabot delivery 202 without storing it
        StoredEvents events = new StoredEvents(List.of("code_scanning_alert", " Dependabot_Alert "));
        assertThat(events.stores("dependabot_alert")).isTrue();
        assertThat(events.stores("code_scanning_alert")).isTrue();
        assertThat(events.stores("secret_scanning_alert")).isFalse();
    }

    @Test
    void aNameThatCanNeverMatchAnEventStopsTheServiceWithTheName() {
        assertThatThrownBy(() -> new StoredEvents(List.of("code_scanning_alert", "dependabot-alert")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alertlake.webhook.events").hasMessageContaining("dependabot-alert");
        assertThatThrownBy(() -> new StoredEvents(List.of(" ", "")))
                .hasMessageContaining("names no event");
    }
}
