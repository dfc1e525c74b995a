package io.alertlake.ocsf;

/** A delivery that can never be mapped (not JSON, no alert, no repository): it belongs in quarantine. */
public class UnmappableDeliveryException extends RuntimeException {
    public UnmappableDeliveryException(String message) {
        super(message);
    }
}
