package io.alertlake.api.graphql;

/** State of an alert at a point in time. */
public enum AlertState {
    OPEN, FIXED, DISMISSED;

    public String wire() {
        return name().toLowerCase();
    }

    public static AlertState fromWire(String wire) {
        return wire == null ? null : valueOf(wire.toUpperCase());
    }
}
