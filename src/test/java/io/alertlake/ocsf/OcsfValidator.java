package io.alertlake.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertlake.testing.Fixtures;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a record against the flattened official OCSF schema in src/test/resources/ocsf (see its README):
 * attribute names, types, arrays, enums and their captions (an enum's sibling, where present, is the value's
 * caption unless the value is 99 Other), required attributes (a required array is not empty), deprecated and
 * profile-only attributes, timestamps in epoch milliseconds, date-times in RFC 3339, object constraints and
 * {@code type_uid}. Returns the problems found; an empty list means valid.
 */
public final class OcsfValidator {

    private static final Set<String> INTEGER = Set.of("integer_t", "port_t");
    private static final Set<String> LONG = Set.of("long_t", "timestamp_t");
    private static final Set<String> FLOAT = Set.of("float_t");
    /** 1973-03-03 in epoch milliseconds, 5138 in seconds: an earlier "timestamp" is seconds, not milliseconds. */
    private static final long EARLIEST_MILLIS = 100_000_000_000L;
    /** 2286-11-20 in epoch milliseconds: a later "timestamp" is microseconds or nanoseconds, not milliseconds. */
    private static final long LATEST_MILLIS = 10_000_000_000_000L;
    private final JsonNode objects = Fixtures.json(Fixtures.OCSF.resolve("objects.json")).get("objects");
    private JsonNode types;
    private final Map<Integer, JsonNode> classes = new LinkedHashMap<>();

    /** The OCSF version of the reference ({@code schema_version} of {@code objects.json}). */
    public String schemaVersion() {
        return Fixtures.json(Fixtures.OCSF.resolve("objects.json")).path("schema_version").asText();
    }

    public OcsfValidator() {
        for (String file : List.of("vulnerability_finding.json", "data_security_finding.json")) {
            JsonNode c = Fixtures.json(Fixtures.OCSF.resolve(file));
            classes.put(c.get("class").get("uid").asInt(), c);
        }
    }

    /** The record as OCSF JSON: nested maps and lists, nulls dropped. */
    public static Map<String, Object> json(GenericRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var f : r.getSchema().getFields()) {
            Object v = plain(r.get(f.name()));
            if (v != null) {
                m.put(f.name(), v);
            }
        }
        return m;
    }

    private static Object plain(Object v) {
        if (v instanceof GenericRecord g) {
            return json(g);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(OcsfValidator::plain).toList();
        }
        if (v instanceof Utf8 u) {
            return u.toString();
        }
        return v;
    }

    public List<String> validate(Map<String, Object> record) {
        List<String> problems = new ArrayList<>();
        Object uid = record.get("class_uid");
        JsonNode cls = uid instanceof Integer i ? classes.get(i) : null;
        if (cls == null) {
            return List.of("unknown class_uid " + uid);
        }
        for (JsonNode req : cls.get("required_attributes")) {
            if (!record.containsKey(req.asText())) {
                problems.add("missing required attribute " + req.asText());
            }
        }
        Object activity = record.get("activity_id");
        Object typeUid = record.get("type_uid");
        if (!(typeUid instanceof Long t) || !(activity instanceof Integer a) || t != (Integer) uid * 100L + a) {
            problems.add("type_uid " + typeUid + " is not class_uid * 100 + activity_id");
        }
        Object metadata = record.get("metadata");
        String version = schemaVersion();
        if (metadata instanceof Map<?, ?> m && !version.equals(m.get("version"))) {
            problems.add("metadata.version " + m.get("version") + " is not the reference's schema version " + version);
        }
        types = cls.get("types");
        check("", record, cls.get("attributes"), null, problems);
        return problems;
    }

    private void check(String path, Map<String, Object> value, JsonNode attributes, JsonNode constraints,
                       List<String> problems) {
        for (var e : value.entrySet()) {
            String where = path + e.getKey();
            JsonNode attr = attributes.get(e.getKey());
            if (attr == null) {
                problems.add("unknown attribute " + where);
                continue;
            }
            if (attr.has("profiles")) {
                problems.add(where + " exists only with profiles " + attr.get("profiles") + ", none applied");
            }
            if (attr.has("deprecated")) {
                problems.add(where + " is deprecated (" + attr.get("deprecated").asText() + ")");
            }
            JsonNode en = attr.get("enum");
            String sibling = attr.path("sibling").asText(null);
            if (en != null && sibling != null && value.get(sibling) instanceof String caption
                    && en.has(String.valueOf(e.getValue())) && !"99".equals(String.valueOf(e.getValue()))
                    && !caption.equals(en.get(String.valueOf(e.getValue())).asText())) {
                problems.add(path + sibling + " = " + caption + " is not the caption of " + where + " = "
                        + e.getValue() + " (" + en.get(String.valueOf(e.getValue())).asText() + ")");
            }
            boolean array = attr.path("is_array").asBoolean(false);
            if (array) {
                if (!(e.getValue() instanceof List<?> list)) {
                    problems.add(where + " must be an array");
                    continue;
                }
                if (list.isEmpty() && "required".equals(attr.path("requirement").asText())) {
                    problems.add("required array " + where + " is empty");
                }
                for (int i = 0; i < list.size(); i++) {
                    checkValue(where + "[" + i + "]", list.get(i), attr, problems);
                }
            } else {
                checkValue(where, e.getValue(), attr, problems);
            }
        }
        if (attributes != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
                var a = it.next();
                if (!path.isEmpty() && "required".equals(a.getValue().path("requirement").asText())
                        && !a.getValue().has("profiles") && !value.containsKey(a.getKey())) {
                    problems.add("missing required attribute " + path + a.getKey());
                }
            }
        }
        if (constraints != null) {
            JsonNode justOne = constraints.get("just_one");
            if (justOne != null) {
                int present = 0;
                for (JsonNode k : justOne) {
                    present += value.containsKey(k.asText()) ? 1 : 0;
                }
                if (present != 1) {
                    problems.add(path + " must hold exactly one of " + justOne + ", holds " + present);
                }
            }
            JsonNode atLeastOne = constraints.get("at_least_one");
            if (atLeastOne != null) {
                boolean any = false;
                for (JsonNode k : atLeastOne) {
                    any |= value.containsKey(k.asText());
                }
                if (!any) {
                    problems.add(path + " must hold at least one of " + atLeastOne);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void checkValue(String where, Object v, JsonNode attr, List<String> problems) {
        String type = attr.path("type").asText();
        if (type.equals("object_t")) {
            String objectType = attr.path("object_type").asText();
            if (!(v instanceof Map<?, ?> m)) {
                problems.add(where + " must be an object");
                return;
            }
            if (objectType.equals("object")) {
                return; // free-form, e.g. unmapped
            }
            JsonNode object = objects.get(objectType);
            if (object == null) {
                problems.add(where + ": unknown object type " + objectType);
                return;
            }
            check(where + ".", (Map<String, Object>) m, object.get("attributes"), object.get("constraints"), problems);
            return;
        }
        boolean ok = INTEGER.contains(type) ? v instanceof Integer
                : LONG.contains(type) ? v instanceof Long
                : FLOAT.contains(type) ? v instanceof Double || v instanceof Float
                : type.equals("boolean_t") ? v instanceof Boolean
                : v instanceof String;
        if (!ok) {
            problems.add(where + " has " + (v == null ? "null" : v.getClass().getSimpleName()) + ", expected " + type);
            return;
        }
        if (type.equals("timestamp_t") && (Long) v < EARLIEST_MILLIS) {
            problems.add(where + " = " + v + " is not epoch milliseconds (seconds?)");
        }
        if (type.equals("timestamp_t") && (Long) v > LATEST_MILLIS) {
            problems.add(where + " = " + v + " is not epoch milliseconds (micro- or nanoseconds?)");
        }
        String regex = types == null ? null : types.path(type).path("regex").asText(null);
        if (regex != null && v instanceof String text && !text.matches(regex)) {
            problems.add(where + " = " + text + " does not match " + type);
        }
        JsonNode en = attr.get("enum");
        if (en != null && !en.has(String.valueOf(v))) {
            problems.add(where + " = " + v + " is not one of " + en.fieldNames().next() + "…");
        }
    }
}
