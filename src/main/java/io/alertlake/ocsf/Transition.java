package io.alertlake.ocsf;

/** The state an event moves its alert to (metrics.md §2); the wire spelling is stored in the lake. */
public enum Transition {
    OPEN("open"), FIXED("fixed"), DISMISSED("dismissed"),
    /**
     * {@code appeared_in_branch}: moves only an alert with no earlier state — to open, or to the state its
     * {@code alert.state} says — and changes nothing otherwise; the views decide, from the alert's earlier events.
     */
    OPEN_IF_NEW("open_if_new"), FIXED_IF_NEW("fixed_if_new"), DISMISSED_IF_NEW("dismissed_if_new");

    private final String wire;

    Transition(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** True when this event closes the alert whatever came before it. */
    public boolean closes() {
        return this == FIXED || this == DISMISSED;
    }

    /** True for the transitions that apply only to an alert with no earlier state. */
    public boolean onlyIfNew() {
        return state() != this;
    }

    /** The state this transition moves an alert to when it applies. */
    public Transition state() {
        return switch (this) {
            case OPEN_IF_NEW -> OPEN;
            case FIXED_IF_NEW -> FIXED;
            case DISMISSED_IF_NEW -> DISMISSED;
            default -> this;
        };
    }

    /** The same state, applied only to an alert with no earlier state. */
    Transition ifNew() {
        return switch (this) {
            case OPEN -> OPEN_IF_NEW;
            case FIXED -> FIXED_IF_NEW;
            case DISMISSED -> DISMISSED_IF_NEW;
            default -> this;
        };
    }
}
