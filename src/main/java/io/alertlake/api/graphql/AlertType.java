package io.alertlake.api.graphql;

import java.util.Locale;

/** GitHub's three kinds of security alert; {@link #wire()} is the spelling used in ids and the lake. */
public enum AlertType {
    CODE_SCANNING, DEPENDABOT, SECRET_SCANNING;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertType fromWire(String wire) {
        return wire == null ? null : valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
