package io.alertlake.ocsf;

import java.util.List;
import java.util.Locale;

/** The three alert kinds, with the webhook event that carries each and the OCSF class it maps to. */
public enum AlertType {
    CODE_SCANNING("code_scanning_alert", 2002, "vulnerability_finding", "Vulnerability Finding", "Code scanning", "rule",
            "GitHub code scanning"),
    DEPENDABOT("dependabot_alert", 2002, "vulnerability_finding", "Vulnerability Finding", "Dependabot",
            "security_advisory", "GitHub Dependabot"),
    SECRET_SCANNING("secret_scanning_alert", 2006, "data_security_finding", "Data Security Finding", "Secret scanning",
            "secret_type", "GitHub Secret scanning");

    private final String event;
    private final int classUid;
    private final String partitionClass;
    private final String className;
    private final String caption;
    private final String ownField;
    // made once: a record per event kept its own copy of each (SharedText)
    private final String wire;
    private final String productName;
    private final List<String> findingTypes;
    private final String[] typeNames = new String[4];

    AlertType(String event, int classUid, String partitionClass, String className, String caption, String ownField,
              String productName) {
        this.event = event;
        this.classUid = classUid;
        this.partitionClass = partitionClass;
        this.className = className;
        this.caption = caption;
        this.ownField = ownField;
        this.wire = name().toLowerCase(Locale.ROOT);
        this.productName = productName;
        this.findingTypes = List.of(caption + " alert");
        for (int activity = 1; activity <= 3; activity++) {
            typeNames[activity] = className + ": " + activityName(activity);
        }
    }

    /** OCSF's activity names of a finding: 1 Create, 3 Close, 2 (any other) Update. */
    public static String activityName(int activityId) {
        return switch (activityId) {
            case 1 -> "Create";
            case 3 -> "Close";
            default -> "Update";
        };
    }

    /** OCSF's {@code type_name} of this kind's finding for an activity: "Vulnerability Finding: Close". */
    public String typeName(int activityId) {
        return typeNames[activityId == 1 || activityId == 3 ? activityId : 2];
    }

    /** The finding's {@code metadata.product.name}: the GitHub feature that raised the alert. */
    public String productName() {
        return productName;
    }

    /** The finding's {@code finding_info.types}: "Dependabot alert". */
    public List<String> findingTypes() {
        return findingTypes;
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
        return wire;
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
