package io.alertlake.ingest;

import jakarta.ws.rs.core.MediaType;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A webhook whose content type is {@code application/x-www-form-urlencoded} (GitHub's "form" setting, the REST
 * API's default for a new org or repository hook) carries its JSON as the form field {@code payload}. The signature
 * covers the form as sent; what is queued and archived is the JSON, so that its secret is redacted and the
 * consumer maps it like any other delivery.
 */
final class FormPayload {

    private static final String FIELD = "payload=";

    private FormPayload() {
    }

    static boolean isForm(MediaType type) {
        return type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    }

    /** The {@code payload} field's JSON, decoded; empty when the form has none. */
    static Optional<byte[]> json(byte[] form) {
        String text = new String(form, StandardCharsets.ISO_8859_1); // a URL-encoded form is ASCII
        for (String field : text.split("&")) {
            if (field.startsWith(FIELD)) {
                return Optional.of(URLDecoder.decode(field.substring(FIELD.length()), StandardCharsets.UTF_8)
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
