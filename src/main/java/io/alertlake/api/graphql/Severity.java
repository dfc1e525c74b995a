package io.alertlake.api.graphql;

/** Normalized severity (metrics.md §5). */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, NONE;

    public String wire() {
        return name().toLowerCase();
    }

    public static Severity fromWire(String wire) {
        return wire == null ? null : valueOf(wire.toUpperCase());
    }
}
