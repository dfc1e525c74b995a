package io.alertlake.delivery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * JSON reading for bodies already accepted: without Jackson's default limits (nesting of 1,000, strings of 20
 * million characters, numbers of 1,000 digits, names of 50,000), which guard a service against what anyone may
 * send. A delivery got past the signature check and is up to {@code alertlake.webhook.max-body}; whatever it holds
 * must be read to its end again — for its secret, or from the raw archive by a replay.
 */
public final class BodyJson {

    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build();

    private BodyJson() {
    }
}
