package io.alertlake.lake;

import io.alertlake.delivery.Delivery;
import io.alertlake.ocsf.HivePath;
import io.alertlake.ocsf.PartitionKey;

import java.time.Instant;

/** Object keys of the lake layout (see docs/lake-schema.md); the one place that spells them. */
public final class LakePaths {

    public static final String RAW = "raw/";
    public static final String OVERSIZE = "raw/oversize/";
    public static final String FINDINGS = "findings/";
    public static final String QUARANTINE = "quarantine/";
    public static final String REPOSITORIES = "repositories/";
    /** Small JSON documents the GitHub jobs keep between runs (watermarks). */
    public static final String STATE = "state/";

    private LakePaths() {
    }

    /** The UTC day of an instant, as used in {@code day=} partitions. */
    public static String day(Instant instant) {
        return PartitionKey.dayOf(instant);
    }

    /**
     * Where a body too large for SQS is parked until the consumer archives it. The delivery id is not signed: a
     * name of its own for every receipt, so that no delivery sent under another's id can replace that one's body
     * while its message waits in the queue.
     */
    public static String oversize(Delivery d) {
        return OVERSIZE + "day=" + day(d.receivedAt()) + "/" + HivePath.escape(d.deliveryId()) + "."
                + java.util.UUID.randomUUID().toString().substring(0, 8) + ".body";
    }
}
