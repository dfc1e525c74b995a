package io.alertlake.lake;

import io.alertlake.delivery.Delivery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Object keys of the lake layout (see docs/architecture.md); the one place that spells them. */
public final class LakePaths {

    public static final String RAW = "raw/";
    public static final String OVERSIZE = "raw/oversize/";
    public static final String FINDINGS = "findings/";
    public static final String QUARANTINE = "quarantine/";
    public static final String REPOSITORIES = "repositories/";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private LakePaths() {
    }

    /** The UTC day of an instant, as used in {@code day=} partitions. */
    public static String day(Instant instant) {
        return DAY.format(instant);
    }

    /** Where a body too large for SQS is parked until the consumer archives it. */
    public static String oversize(Delivery d) {
        return OVERSIZE + "day=" + day(d.receivedAt()) + "/" + HivePath.escape(d.deliveryId()) + ".body";
    }
}
