package io.alertlake.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.alertlake.ocsf.AlertSemantics.firstNonBlank;
import static io.alertlake.ocsf.AlertSemantics.intOrNull;
import static io.alertlake.ocsf.AlertSemantics.text;

/**
 * The {@code vulnerabilities} entry of a Vulnerability Finding (docs/ocsf-mapping.md): a code-scanning rule (its CWE,
 * else the rule as the advisory; the code it was found in) or a Dependabot advisory (its CVE with CVSS, EPSS and
 * CWEs, else the GHSA as the advisory; the affected package).
 */
final class Vulnerabilities {

    private static final Pattern CWE_TAG = Pattern.compile("(?i)external/cwe/cwe-0*(\\d+)");
    private static final Pattern CWE_NUMBER = Pattern.compile("CWE-(\\d+)");
    private static final Pattern CVSS_VERSION = Pattern.compile("^CVSS:(\\d+(?:\\.\\d+)?)/");

    private Vulnerabilities() {
    }

    /**
     * The vulnerability of a finding {@code f}: {@code title} and {@code severity} (OCSF's caption) as the finding
     * has them, and exactly one of cve, cwe or advisory (OCSF 1.4+).
     */
    static GenericRecord of(GenericRecord f, AlertType type, JsonNode alert, String title, String severity) {
        GenericData.Record v = Avro.element(f, "vulnerabilities");
        v.put("title", title);
        v.put("severity", severity);
        if (type == AlertType.CODE_SCANNING) {
            JsonNode rule = alert.path("rule");
            v.put("desc", text(rule, "full_description"));
            String cwe = firstCwe(rule.path("tags"));
            if (cwe != null) {
                v.put("cwe", cwe(Avro.child(v, "cwe"), cwe, null));
            } else {
                // no CWE: the rule itself is the advisory, so the record stays valid
                GenericData.Record a = Avro.child(v, "advisory");
                a.put("uid", firstNonBlank(text(rule, "id"), "unknown-rule"));
                a.put("title", text(rule, "description"));
                v.put("advisory", a);
            }
            JsonNode location = alert.path("most_recent_instance").path("location");
            if (location.isMissingNode() && alert.path("instances").isArray() && !alert.path("instances").isEmpty()) {
                location = alert.path("instances").get(0).path("location");
            }
            String path = text(location, "path");
            if (path != null) {
                GenericData.Record code = Avro.element(v, "affected_code");
                code.put("file", Avro.file(code, path));
                code.put("start_line", intOrNull(location, "start_line"));
                code.put("end_line", intOrNull(location, "end_line"));
                code.put("start_column", intOrNull(location, "start_column"));
                code.put("end_column", intOrNull(location, "end_column"));
                v.put("affected_code", List.of(code));
            }
            v.put("is_fix_available", null);
        } else {
            JsonNode advisory = alert.path("security_advisory");
            JsonNode vulnerable = alert.path("security_vulnerability");
            v.put("desc", text(advisory, "description"));
            String cveId = text(advisory, "cve_id");
            String ghsa = text(advisory, "ghsa_id");
            if (cveId != null) {
                GenericData.Record cve = Avro.child(v, "cve");
                cve.put("uid", cveId);
                cve.put("title", text(advisory, "summary"));
                cve.put("cvss", cvss(cve, advisory));
                cve.put("epss", epss(cve, advisory.path("epss")));
                cve.put("related_cwes", advisoryCwes(cve, advisory.path("cwes")));
                cve.put("created_time", GitHubTimestamps.epochMillis(text(advisory, "published_at")));
                cve.put("modified_time", GitHubTimestamps.epochMillis(text(advisory, "updated_at")));
                v.put("cve", cve);
                v.put("related_vulnerabilities", ghsa == null ? null : List.of(ghsa));
            } else {
                GenericData.Record a = Avro.child(v, "advisory");
                a.put("uid", firstNonBlank(ghsa, "unknown-advisory"));
                a.put("title", text(advisory, "summary"));
                a.put("src_url", ghsa == null ? null : advisoryPage(ghsa));
                a.put("created_time", GitHubTimestamps.epochMillis(text(advisory, "published_at")));
                a.put("related_cwes", advisoryCwes(a, advisory.path("cwes")));
                v.put("advisory", a);
            }
            v.put("references", references(advisory, ghsa));
            JsonNode pkg = alert.path("dependency").path("package");
            String name = firstNonBlank(text(pkg, "name"), text(vulnerable.path("package"), "name"));
            if (name != null) {
                GenericData.Record p = Avro.element(v, "affected_packages");
                p.put("name", name);
                p.put("version", firstNonBlank(text(vulnerable, "vulnerable_version_range"), "unknown"));
                String fixed = text(vulnerable.path("first_patched_version"), "identifier");
                p.put("fixed_in_version", fixed);
                p.put("package_manager", firstNonBlank(text(pkg, "ecosystem"), text(vulnerable.path("package"), "ecosystem")));
                p.put("path", text(alert.path("dependency"), "manifest_path"));
                v.put("affected_packages", List.of(p));
                v.put("is_fix_available", fixed != null);
            }
        }
        return v;
    }

    /** GitHub's page of an advisory. */
    private static String advisoryPage(String ghsa) {
        return "https://github.com/advisories/" + ghsa;
    }

    /**
     * The advisory's reference URLs ({@code references[].url}), led by its GitHub page: a record whose
     * vulnerability is a CVE links the advisory through them alone. Null when there is neither.
     */
    private static List<String> references(JsonNode advisory, String ghsa) {
        java.util.LinkedHashSet<String> urls = new java.util.LinkedHashSet<>();
        if (ghsa != null) {
            urls.add(advisoryPage(ghsa));
        }
        for (JsonNode r : advisory.path("references")) {
            String url = text(r, "url");
            if (url != null) {
                urls.add(url);
            }
        }
        return urls.isEmpty() ? null : List.copyOf(urls);
    }

    /** A CWE: its id ({@code CWE-79}), name when known, and MITRE's page. */
    private static GenericRecord cwe(GenericData.Record c, String uid, String name) {
        c.put("uid", uid);
        c.put("caption", name);
        Matcher number = CWE_NUMBER.matcher(uid);
        c.put("src_url", number.matches() ? "https://cwe.mitre.org/data/definitions/" + number.group(1) + ".html" : null);
        return c;
    }

    /** An advisory's CWEs ({@code security_advisory.cwes}: {@code cwe_id} and {@code name}), or null for none. */
    private static List<GenericRecord> advisoryCwes(GenericRecord owner, JsonNode cwes) {
        if (!cwes.isArray() || cwes.isEmpty()) {
            return null;
        }
        List<GenericRecord> out = new ArrayList<>();
        for (JsonNode c : cwes) {
            String id = text(c, "cwe_id");
            if (id != null) {
                out.add(cwe(Avro.element(owner, "related_cwes"), id, text(c, "name")));
            }
        }
        return out.isEmpty() ? null : out;
    }

    /**
     * GitHub's EPSS: an object {@code {percentage, percentile}} (REST and current webhooks; an array of one in
     * older payloads), numbers or numeric strings such as {@code "0.16001e0"}. OCSF's score is a string: the
     * probability in plain notation.
     */
    private static GenericRecord epss(GenericRecord cve, JsonNode epss) {
        JsonNode e = epss.isArray() ? epss.path(0) : epss;
        BigDecimal score = decimal(e.get("percentage"));
        if (score == null) {
            return null;
        }
        GenericData.Record r = Avro.child(cve, "epss");
        r.put("score", score.stripTrailingZeros().toPlainString());
        BigDecimal percentile = decimal(e.get("percentile"));
        r.put("percentile", percentile == null ? null : percentile.doubleValue());
        return r;
    }

    private static BigDecimal decimal(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        try {
            return new BigDecimal(n.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The advisory's CVSS scores: {@code cvss_severities} (v3 and v4, each when scored), else the older single
     * {@code cvss}. The version comes from the vector ({@code CVSS:3.1/…}); a score without a vector has none to
     * give, so it is left out rather than given a guessed version.
     */
    private static List<GenericRecord> cvss(GenericRecord cve, JsonNode advisory) {
        JsonNode severities = advisory.path("cvss_severities");
        List<JsonNode> scored = List.of(severities.path("cvss_v3"), severities.path("cvss_v4"));
        if (scored.stream().noneMatch(Vulnerabilities::isScored)) {
            scored = List.of(advisory.path("cvss"));
        }
        List<GenericRecord> out = new ArrayList<>();
        for (JsonNode c : scored) {
            String vector = text(c, "vector_string");
            Matcher m = vector == null ? null : CVSS_VERSION.matcher(vector);
            if (isScored(c) && m != null && m.find()) {
                GenericData.Record r = Avro.element(cve, "cvss");
                r.put("base_score", c.get("score").asDouble());
                r.put("version", m.group(1));
                r.put("vector_string", vector);
                out.add(r);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static boolean isScored(JsonNode cvss) {
        return cvss.hasNonNull("score") && cvss.get("score").asDouble() > 0;
    }

    private static String firstCwe(JsonNode tags) {
        if (tags.isArray()) {
            for (JsonNode tag : tags) {
                Matcher m = CWE_TAG.matcher(tag.asText());
                if (m.find()) {
                    return "CWE-" + m.group(1);
                }
            }
        }
        return null;
    }
}
