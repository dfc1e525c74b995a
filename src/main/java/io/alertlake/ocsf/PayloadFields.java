package io.alertlake.ocsf;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a webhook payload the mapper reads: the payload's tree is built from them alone. Most of a payload's
 * bytes are the {@code repository}, {@code sender} and {@code organization} objects (5–7 KB of ~8.5 KB), of which
 * the mapper reads four values; the skipped values are tokenized but never decoded nor turned into nodes. Secret
 * scanning's {@code alert.secret} is skipped too: the secret never reaches memory the mapper builds.
 *
 * <p>A field read by the mapper or {@link AlertSemantics} must be kept here: tests map every fixture both ways,
 * through this tree and from the whole one, and compare the records.
 */
final class PayloadFields {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What of a JSON value the tree keeps: of an object, which fields, and what of each. */
    private sealed interface Keep permits All, Fields, AllBut {
        /** What to keep of the field {@code name}'s value; null: skip it. */
        Keep field(String name);
    }

    /** The whole value. */
    private record All() implements Keep {
        @Override
        public Keep field(String name) {
            return this;
        }
    }

    /** The named fields of an object, each kept as its entry says. */
    private record Fields(Map<String, Keep> kept) implements Keep {
        @Override
        public Keep field(String name) {
            return kept.get(name);
        }
    }

    /** Everything of an object but the named fields; of the fields {@code within} names, what it says. */
    private record AllBut(Set<String> dropped, Map<String, Keep> within) implements Keep {
        @Override
        public Keep field(String name) {
            return dropped.contains(name) ? null : within.getOrDefault(name, ALL);
        }
    }

    private static final Keep ALL = new All();
    private static final Keep LOGIN = new Fields(Map.of("login", ALL));

    /**
     * Top-level fields the mapper reads; within {@code alert}, everything but the secret, who acted on it, its API
     * links, and the parts of a rule or an advisory that no column holds.
     */
    private static final Keep PAYLOAD = new Fields(Map.of(
            "action", ALL,
            "ref", ALL,
            "commit_oid", ALL,
            "alertlake_backfill", ALL,
            "location", ALL, // secret_scanning_alert_location: where, not the secret
            "organization", LOGIN,
            "repository", new Fields(Map.of(
                    "id", ALL,
                    "name", ALL,
                    "default_branch", ALL,
                    "owner", LOGIN)),
            "alert", new AllBut(Set.of("secret", "dismissed_by", "resolved_by", "fixed_by", "assignees",
                    "push_protection_bypassed_by", "push_protection_bypass_request_reviewer",
                    "push_protection_bypass_request_reviewer_comment", "url", "instances_url"), Map.of(
                    // text no column holds (docs/ocsf-mapping.md): a rule's help is often kilobytes of Markdown
                    "rule", new AllBut(Set.of("help"), Map.of()),
                    "security_advisory", new AllBut(Set.of("identifiers", "vulnerabilities"),
                            Map.of())))));

    private PayloadFields() {
    }

    /**
     * The tree of the fields the mapper reads, from the parser's first value (null if it has none); the parser is
     * left at that value's end. Built here rather than by Jackson's token filter over {@code readTree}: the
     * filter's bookkeeping for each token cost more than the tree it saved (bench/consume/map.sh,
     * docs/benchmarks.md).
     */
    static JsonNode read(JsonParser payload) throws IOException {
        return payload.nextToken() == null ? null : value(payload, PAYLOAD);
    }

    /** The value at the parser's current token, kept as {@code keep} says (in an array, each element so). */
    private static JsonNode value(JsonParser p, Keep keep) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    Keep field = keep.field(name);
                    p.nextToken();
                    if (field == null) {
                        p.skipChildren(); // a skipped string is never decoded
                    } else {
                        object.set(name, value(p, field));
                    }
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(p, keep));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) { // as Jackson's readTree: the smallest type that holds it
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(p.getBooleanValue());
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new JsonParseException(p, "unexpected " + p.currentToken());
        }
    }
}
