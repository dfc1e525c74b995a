package io.alertlake.ocsf;

/** The state an event moves its alert to (metrics.md §2); the wire spelling is stored in the lake. */
public enum Transition {
    OPEN("open"), FIXED("fixed"), DISMISSED("dismissed"),
    /** {@code appeared_in_branch}: opens only an alert with no earlier state. */
    OPEN_IF_NEW("open_if_new");

    private final String wire;

    Transition(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean closes() {
        return this == FIXED || this == DISMISSED;
    }
}
