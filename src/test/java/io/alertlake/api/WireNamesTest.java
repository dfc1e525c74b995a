package io.alertlake.api;

import io.alertlake.api.graphql.AlertState;
import io.alertlake.api.graphql.AlertType;
import io.alertlake.api.graphql.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's enums and the lake's lower-case values convert the same way whatever the server's language: under a
 * Turkish locale the JDK's default case mapping turns "I" into a dotless "ı" (SECRET_SCANNING → "secret_scannıng"),
 * and a filter would match nothing.
 */
class WireNamesTest {

    private Locale before;

    @BeforeEach
    void turkish() {
        before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    @Test
    void enumsConvertToAndFromTheLakesValuesUnderATurkishLocale() {
        assertThat(AlertType.SECRET_SCANNING.wire()).isEqualTo("secret_scanning");
        assertThat(AlertType.fromWire("secret_scanning")).isEqualTo(AlertType.SECRET_SCANNING);
        assertThat(Severity.fromWire("critical")).isEqualTo(Severity.CRITICAL);
        assertThat(AlertState.fromWire("dismissed")).isEqualTo(AlertState.DISMISSED);
        assertThat(io.alertlake.ocsf.AlertType.SECRET_SCANNING.wire()).isEqualTo("secret_scanning");
    }
}
