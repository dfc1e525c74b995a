package io.alertlake.ocsf;

import java.util.Locale;

/** The three alert kinds, with the webhook event that carries each and the OCSF class it maps to. */
public enum AlertType {
    CODE_SCANNING("code_scanning_alert", 2002, "vulnerability_finding", "Vulnerability Finding", "Code scanning", "rule"),
    DEPENDABOT("dependabot_alert", 2002, "vulnerability_finding", "Vulnerability Finding", "Dependabot",
            "security_advisory"),
    SECRET_SCANNING("secret_scanning_alert", 2006, "data_security_finding", "Data Security Finding", "Secret scanning",
            "secret_type");

    private final String event;
    private final int classUid;
    private final String partitionClass;
    private final String className;
    private final String caption;
    private final String ownField;

    AlertType(String event, int classUid, String partitionClass, String className, String caption, String ownField) {
        this.event = event;
        this.classUid = classUid;
        this.partitionClass = partitionClass;
        this.className = className;
        this.caption = caption;
        this.ownField = ownField;
    }

    /**
     * A field of {@code alert} that every alert of this kind has and the others do not: the event header is not
     * signed, so a payload sent under another kind's event is told by it.
     */
    public String ownField() {
        return ownField;
    }

    /** Spelling used in alert ids and the lake: {@code code_scanning}, {@code dependabot}, {@code secret_scanning}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String event() {
        return event;
    }

    public int classUid() {
        return classUid;
    }

    public String partitionClass() {
        return partitionClass;
    }

    public String className() {
        return className;
    }

    public String caption() {
        return caption;
    }

    /** The alert type of a webhook event ({@code secret_scanning_alert_location} belongs to secret scanning). */
    public static AlertType ofEvent(String event) {
        for (AlertType t : values()) {
            if (t.event.equals(event)) {
                return t;
            }
        }
        return "secret_scanning_alert_location".equals(event) ? SECRET_SCANNING : null;
    }
}
