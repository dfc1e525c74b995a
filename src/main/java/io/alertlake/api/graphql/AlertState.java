package io.alertlake.api.graphql;

import java.util.Locale;

/** State of an alert at a point in time. */
public enum AlertState {
    OPEN, FIXED, DISMISSED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertState fromWire(String wire) {
        return wire == null ? null : valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
