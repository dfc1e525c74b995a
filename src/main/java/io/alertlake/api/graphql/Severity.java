package io.alertlake.api.graphql;

import java.util.Locale;

/** Normalized severity (metrics.md §5). */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, NONE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromWire(String wire) {
        return wire == null ? null : valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
