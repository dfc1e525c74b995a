package io.alertlake.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.alertlake.ocsf.OcsfFields.Advisory;
import io.alertlake.ocsf.OcsfFields.AffectedCode;
import io.alertlake.ocsf.OcsfFields.AffectedPackage;
import io.alertlake.ocsf.OcsfFields.Cve;
import io.alertlake.ocsf.OcsfFields.Cvss;
import io.alertlake.ocsf.OcsfFields.Cwe;
import io.alertlake.ocsf.OcsfFields.Epss;
import io.alertlake.ocsf.OcsfFields.Vulnerability;

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
     * The vulnerability of a finding: {@code title} and {@code severity} (OCSF's caption) as the finding
     * has them, and exactly one of cve, cwe or advisory (OCSF 1.4+).
     */
    static GenericRecord of(AlertType type, JsonNode alert, String title, String severity) {
        GenericData.Record v = new GenericData.Record(Vulnerability.SCHEMA);
        v.put(Vulnerability.TITLE, title);
        v.put(Vulnerability.SEVERITY, severity);
        if (type == AlertType.CODE_SCANNING) {
            JsonNode rule = alert.path("rule");
            v.put(Vulnerability.DESC, text(rule, "full_description"));
            String cwe = firstCwe(rule.path("tags"));
            if (cwe != null) {
                v.put(Vulnerability.CWE, cwe(cwe, null));
            } else {
                // no CWE: the rule itself is the advisory, so the record stays valid
                GenericData.Record a = new GenericData.Record(Advisory.SCHEMA);
                a.put(Advisory.UID, firstNonBlank(text(rule, "id"), "unknown-rule"));
                a.put(Advisory.TITLE, text(rule, "description"));
                v.put(Vulnerability.ADVISORY, a);
            }
            JsonNode location = alert.path("most_recent_instance").path("location");
            if (location.isMissingNode() && alert.path("instances").isArray() && !alert.path("instances").isEmpty()) {
                location = alert.path("instances").get(0).path("location");
            }
            String path = text(location, "path");
            if (path != null) {
                GenericData.Record code = new GenericData.Record(AffectedCode.SCHEMA);
                code.put(AffectedCode.FILE, Avro.file(path));
                code.put(AffectedCode.START_LINE, intOrNull(location, "start_line"));
                code.put(AffectedCode.END_LINE, intOrNull(location, "end_line"));
                code.put(AffectedCode.START_COLUMN, intOrNull(location, "start_column"));
                code.put(AffectedCode.END_COLUMN, intOrNull(location, "end_column"));
                v.put(Vulnerability.AFFECTED_CODE, List.of(code));
            }
            v.put(Vulnerability.IS_FIX_AVAILABLE, null);
        } else {
            JsonNode advisory = alert.path("security_advisory");
            JsonNode vulnerable = alert.path("security_vulnerability");
            v.put(Vulnerability.DESC, text(advisory, "description"));
            String cveId = text(advisory, "cve_id");
            String ghsa = text(advisory, "ghsa_id");
            if (cveId != null) {
                GenericData.Record cve = new GenericData.Record(Cve.SCHEMA);
                cve.put(Cve.UID, cveId);
                cve.put(Cve.TITLE, text(advisory, "summary"));
                cve.put(Cve.CVSS, cvss(advisory));
                cve.put(Cve.EPSS, epss(advisory.path("epss")));
                cve.put(Cve.RELATED_CWES, advisoryCwes(advisory.path("cwes")));
                cve.put(Cve.CREATED_TIME, GitHubTimestamps.epochMillis(text(advisory, "published_at")));
                cve.put(Cve.MODIFIED_TIME, GitHubTimestamps.epochMillis(text(advisory, "updated_at")));
                v.put(Vulnerability.CVE, cve);
                v.put(Vulnerability.RELATED_VULNERABILITIES, ghsa == null ? null : List.of(ghsa));
            } else {
                GenericData.Record a = new GenericData.Record(Advisory.SCHEMA);
                a.put(Advisory.UID, firstNonBlank(ghsa, "unknown-advisory"));
                a.put(Advisory.TITLE, text(advisory, "summary"));
                a.put(Advisory.SRC_URL, ghsa == null ? null : advisoryPage(ghsa));
                a.put(Advisory.CREATED_TIME, GitHubTimestamps.epochMillis(text(advisory, "published_at")));
                a.put(Advisory.RELATED_CWES, advisoryCwes(advisory.path("cwes")));
                v.put(Vulnerability.ADVISORY, a);
            }
            v.put(Vulnerability.REFERENCES, references(advisory, ghsa));
            JsonNode pkg = alert.path("dependency").path("package");
            String name = firstNonBlank(text(pkg, "name"), text(vulnerable.path("package"), "name"));
            if (name != null) {
                GenericData.Record p = new GenericData.Record(AffectedPackage.SCHEMA);
                p.put(AffectedPackage.NAME, name);
                p.put(AffectedPackage.VERSION, firstNonBlank(text(vulnerable, "vulnerable_version_range"), "unknown"));
                String fixed = text(vulnerable.path("first_patched_version"), "identifier");
                p.put(AffectedPackage.FIXED_IN_VERSION, fixed);
                p.put(AffectedPackage.PACKAGE_MANAGER, firstNonBlank(text(pkg, "ecosystem"), text(vulnerable.path("package"), "ecosystem")));
                p.put(AffectedPackage.PATH, text(alert.path("dependency"), "manifest_path"));
                v.put(Vulnerability.AFFECTED_PACKAGES, List.of(p));
                v.put(Vulnerability.IS_FIX_AVAILABLE, fixed != null);
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
    private static GenericRecord cwe(String uid, String name) {
        GenericData.Record c = new GenericData.Record(Cwe.SCHEMA);
        c.put(Cwe.UID, uid);
        c.put(Cwe.CAPTION, name);
        Matcher number = CWE_NUMBER.matcher(uid);
        c.put(Cwe.SRC_URL, number.matches() ? "https://cwe.mitre.org/data/definitions/" + number.group(1) + ".html" : null);
        return c;
    }

    /** An advisory's CWEs ({@code security_advisory.cwes}: {@code cwe_id} and {@code name}), or null for none. */
    private static List<GenericRecord> advisoryCwes(JsonNode cwes) {
        if (!cwes.isArray() || cwes.isEmpty()) {
            return null;
        }
        List<GenericRecord> out = new ArrayList<>();
        for (JsonNode c : cwes) {
            String id = text(c, "cwe_id");
            if (id != null) {
                out.add(cwe(id, text(c, "name")));
            }
        }
        return out.isEmpty() ? null : out;
    }

    /**
     * GitHub's EPSS: an object {@code {percentage, percentile}} (REST and current webhooks; an array of one in
     * older payloads), numbers or numeric strings such as {@code "0.16001e0"}. OCSF's score is a string: the
     * probability in plain notation.
     */
    private static GenericRecord epss(JsonNode epss) {
        JsonNode e = epss.isArray() ? epss.path(0) : epss;
        BigDecimal score = decimal(e.get("percentage"));
        if (score == null) {
            return null;
        }
        GenericData.Record r = new GenericData.Record(Epss.SCHEMA);
        r.put(Epss.SCORE, score.stripTrailingZeros().toPlainString());
        BigDecimal percentile = decimal(e.get("percentile"));
        r.put(Epss.PERCENTILE, percentile == null ? null : percentile.doubleValue());
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
    private static List<GenericRecord> cvss(JsonNode advisory) {
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
                GenericData.Record r = new GenericData.Record(Cvss.SCHEMA);
                r.put(Cvss.BASE_SCORE, c.get("score").asDouble());
                r.put(Cvss.VERSION, m.group(1));
                r.put(Cvss.VECTOR_STRING, vector);
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
