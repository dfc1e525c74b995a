package io.alertlake.ocsf;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;

import java.util.Map;
import java.util.Set;

/**
 * The parts of a webhook payload the mapper reads, as a Jackson token filter: the payload's tree is built from
 * them alone. Most of a payload's bytes are the {@code repository}, {@code sender} and {@code organization}
 * objects (5–7 KB of ~8.5 KB), of which the mapper reads four values; the skipped values are tokenized but never
 * decoded nor turned into nodes. Secret scanning's {@code alert.secret} is skipped too: the secret never reaches
 * memory the mapper builds.
 *
 * <p>A field read by the mapper or {@link AlertSemantics} must be kept here: tests map every fixture both ways,
 * through this filter and from the whole tree, and compare the records.
 */
final class PayloadFields {

    /** Keeps the named fields of an object (with what each child filter keeps), and empty objects and arrays. */
    private static final class Fields extends TokenFilter {
        private final Map<String, TokenFilter> kept;

        Fields(Map<String, TokenFilter> kept) {
            this.kept = kept;
        }

        @Override
        public TokenFilter includeProperty(String name) {
            return kept.get(name);
        }

        @Override
        public boolean includeEmptyObject(boolean contentsFiltered) {
            return true;
        }

        @Override
        public boolean includeEmptyArray(boolean contentsFiltered) {
            return true;
        }
    }

    /** Keeps everything of an object but the named fields. */
    private static final class AllBut extends TokenFilter {
        private final Set<String> dropped;

        AllBut(Set<String> dropped) {
            this.dropped = dropped;
        }

        @Override
        public TokenFilter includeProperty(String name) {
            return dropped.contains(name) ? null : INCLUDE_ALL;
        }

        @Override
        public boolean includeEmptyObject(boolean contentsFiltered) {
            return true;
        }
    }

    private static final TokenFilter LOGIN = new Fields(Map.of("login", TokenFilter.INCLUDE_ALL));

    /** Top-level fields the mapper reads; within {@code alert}, everything but the secret and who acted on it. */
    private static final TokenFilter PAYLOAD = new Fields(Map.of(
            "action", TokenFilter.INCLUDE_ALL,
            "ref", TokenFilter.INCLUDE_ALL,
            "commit_oid", TokenFilter.INCLUDE_ALL,
            "alertlake_backfill", TokenFilter.INCLUDE_ALL,
            "location", TokenFilter.INCLUDE_ALL, // secret_scanning_alert_location: where, not the secret
            "organization", LOGIN,
            "repository", new Fields(Map.of(
                    "id", TokenFilter.INCLUDE_ALL,
                    "name", TokenFilter.INCLUDE_ALL,
                    "default_branch", TokenFilter.INCLUDE_ALL,
                    "owner", LOGIN)),
            "alert", new AllBut(Set.of("secret", "dismissed_by", "resolved_by", "fixed_by",
                    "push_protection_bypassed_by", "push_protection_bypass_request_reviewer",
                    "push_protection_bypass_request_reviewer_comment"))));

    private PayloadFields() {
    }

    /** A parser over {@code payload} that yields only the fields the mapper reads. */
    static JsonParser filter(JsonParser payload) {
        return new FilteringParserDelegate(payload, PAYLOAD, TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true);
    }
}
