package io.alertlake.ocsf;

import org.apache.avro.Schema;

/**
 * The record types of the lake's schemas ({@link FindingSchema}) and the positions of the fields the mapper sets,
 * each looked up once, by name, when this class loads: a put by name looks the field up in the schema's hash map for
 * every field of every record, ~1 µs of the ~13 µs a delivery's mapping takes (bench/consume/map.sh,
 * docs/benchmarks.md). A name the schema lacks fails the class's loading, and with it every test that maps.
 */
final class OcsfFields {

    private OcsfFields() {
    }

    static final class Finding {
        static final Schema SCHEMA = FindingSchema.finding();
        static final int ACTIVITY_ID = at(SCHEMA, "activity_id");
        static final int ACTIVITY_NAME = at(SCHEMA, "activity_name");
        static final int CATEGORY_UID = at(SCHEMA, "category_uid");
        static final int CATEGORY_NAME = at(SCHEMA, "category_name");
        static final int CLASS_UID = at(SCHEMA, "class_uid");
        static final int CLASS_NAME = at(SCHEMA, "class_name");
        static final int TYPE_UID = at(SCHEMA, "type_uid");
        static final int TYPE_NAME = at(SCHEMA, "type_name");
        static final int SEVERITY_ID = at(SCHEMA, "severity_id");
        static final int SEVERITY = at(SCHEMA, "severity");
        static final int STATUS_ID = at(SCHEMA, "status_id");
        static final int STATUS = at(SCHEMA, "status");
        static final int STATUS_CODE = at(SCHEMA, "status_code");
        static final int STATUS_DETAIL = at(SCHEMA, "status_detail");
        static final int COMMENT = at(SCHEMA, "comment");
        static final int TIME = at(SCHEMA, "time");
        static final int MESSAGE = at(SCHEMA, "message");
        static final int METADATA = at(SCHEMA, "metadata");
        static final int FINDING_INFO = at(SCHEMA, "finding_info");
        static final int VULNERABILITIES = at(SCHEMA, "vulnerabilities");
        static final int DATA_SECURITY = at(SCHEMA, "data_security");
        static final int FILE = at(SCHEMA, "file");
        static final int RESOURCES = at(SCHEMA, "resources");
        static final int UNMAPPED = at(SCHEMA, "unmapped");

        private Finding() {
        }
    }

    static final class Metadata {
        static final Schema SCHEMA = type(Finding.SCHEMA, "metadata");
        static final int UID = at(SCHEMA, "uid");
        static final int VERSION = at(SCHEMA, "version");
        static final int PRODUCT = at(SCHEMA, "product");
        static final int LOGGED_TIME = at(SCHEMA, "logged_time");
        static final int ORIGINAL_TIME = at(SCHEMA, "original_time");
        static final int EVENT_CODE = at(SCHEMA, "event_code");
        static final int LOG_NAME = at(SCHEMA, "log_name");

        private Metadata() {
        }
    }

    /** The product of {@code metadata} and of {@code finding_info} (one type). */
    static final class Product {
        static final Schema SCHEMA = type(Metadata.SCHEMA, "product");
        static final int NAME = at(SCHEMA, "name");
        static final int VENDOR_NAME = at(SCHEMA, "vendor_name");
        static final int VERSION = at(SCHEMA, "version");

        private Product() {
        }
    }

    static final class FindingInfo {
        static final Schema SCHEMA = type(Finding.SCHEMA, "finding_info");
        static final int UID = at(SCHEMA, "uid");
        static final int TITLE = at(SCHEMA, "title");
        static final int DESC = at(SCHEMA, "desc");
        static final int CREATED_TIME = at(SCHEMA, "created_time");
        static final int MODIFIED_TIME = at(SCHEMA, "modified_time");
        static final int SRC_URL = at(SCHEMA, "src_url");
        static final int TYPES = at(SCHEMA, "types");
        static final int ANALYTIC = at(SCHEMA, "analytic");
        static final int PRODUCT = at(SCHEMA, "product");

        private FindingInfo() {
        }
    }

    static final class Analytic {
        static final Schema SCHEMA = type(FindingInfo.SCHEMA, "analytic");
        static final int UID = at(SCHEMA, "uid");
        static final int NAME = at(SCHEMA, "name");
        static final int TYPE_ID = at(SCHEMA, "type_id");
        static final int TYPE = at(SCHEMA, "type");
        static final int CATEGORY = at(SCHEMA, "category");

        private Analytic() {
        }
    }

    static final class Vulnerability {
        static final Schema SCHEMA = type(Finding.SCHEMA, "vulnerabilities");
        static final int TITLE = at(SCHEMA, "title");
        static final int DESC = at(SCHEMA, "desc");
        static final int SEVERITY = at(SCHEMA, "severity");
        static final int IS_FIX_AVAILABLE = at(SCHEMA, "is_fix_available");
        static final int REFERENCES = at(SCHEMA, "references");
        static final int ADVISORY = at(SCHEMA, "advisory");
        static final int CVE = at(SCHEMA, "cve");
        static final int CWE = at(SCHEMA, "cwe");
        static final int RELATED_VULNERABILITIES = at(SCHEMA, "related_vulnerabilities");
        static final int AFFECTED_PACKAGES = at(SCHEMA, "affected_packages");
        static final int AFFECTED_CODE = at(SCHEMA, "affected_code");

        private Vulnerability() {
        }
    }

    static final class Advisory {
        static final Schema SCHEMA = type(Vulnerability.SCHEMA, "advisory");
        static final int UID = at(SCHEMA, "uid");
        static final int TITLE = at(SCHEMA, "title");
        static final int SRC_URL = at(SCHEMA, "src_url");
        static final int CREATED_TIME = at(SCHEMA, "created_time");
        static final int RELATED_CWES = at(SCHEMA, "related_cwes");

        private Advisory() {
        }
    }

    /** A CWE: a vulnerability's own, or one of an advisory's or a CVE's related CWEs (one type). */
    static final class Cwe {
        static final Schema SCHEMA = type(Vulnerability.SCHEMA, "cwe");
        static final int UID = at(SCHEMA, "uid");
        static final int CAPTION = at(SCHEMA, "caption");
        static final int SRC_URL = at(SCHEMA, "src_url");

        private Cwe() {
        }
    }

    static final class Cve {
        static final Schema SCHEMA = type(Vulnerability.SCHEMA, "cve");
        static final int UID = at(SCHEMA, "uid");
        static final int TITLE = at(SCHEMA, "title");
        static final int CVSS = at(SCHEMA, "cvss");
        static final int EPSS = at(SCHEMA, "epss");
        static final int RELATED_CWES = at(SCHEMA, "related_cwes");
        static final int CREATED_TIME = at(SCHEMA, "created_time");
        static final int MODIFIED_TIME = at(SCHEMA, "modified_time");

        private Cve() {
        }
    }

    static final class Cvss {
        static final Schema SCHEMA = type(Cve.SCHEMA, "cvss");
        static final int BASE_SCORE = at(SCHEMA, "base_score");
        static final int VERSION = at(SCHEMA, "version");
        static final int VECTOR_STRING = at(SCHEMA, "vector_string");

        private Cvss() {
        }
    }

    static final class Epss {
        static final Schema SCHEMA = type(Cve.SCHEMA, "epss");
        static final int SCORE = at(SCHEMA, "score");
        static final int PERCENTILE = at(SCHEMA, "percentile");

        private Epss() {
        }
    }

    static final class AffectedPackage {
        static final Schema SCHEMA = type(Vulnerability.SCHEMA, "affected_packages");
        static final int NAME = at(SCHEMA, "name");
        static final int VERSION = at(SCHEMA, "version");
        static final int FIXED_IN_VERSION = at(SCHEMA, "fixed_in_version");
        static final int PACKAGE_MANAGER = at(SCHEMA, "package_manager");
        static final int PATH = at(SCHEMA, "path");

        private AffectedPackage() {
        }
    }

    static final class AffectedCode {
        static final Schema SCHEMA = type(Vulnerability.SCHEMA, "affected_code");
        static final int FILE = at(SCHEMA, "file");
        static final int START_LINE = at(SCHEMA, "start_line");
        static final int END_LINE = at(SCHEMA, "end_line");
        static final int START_COLUMN = at(SCHEMA, "start_column");
        static final int END_COLUMN = at(SCHEMA, "end_column");

        private AffectedCode() {
        }
    }

    /** A file: a finding's (secret scanning) or affected code's (one type). */
    static final class File {
        static final Schema SCHEMA = type(Finding.SCHEMA, "file");
        static final int NAME = at(SCHEMA, "name");
        static final int PATH = at(SCHEMA, "path");
        static final int TYPE_ID = at(SCHEMA, "type_id");

        private File() {
        }
    }

    static final class DataSecurity {
        static final Schema SCHEMA = type(Finding.SCHEMA, "data_security");
        static final int DETECTION_PATTERN = at(SCHEMA, "detection_pattern");
        static final int DETECTION_SYSTEM_ID = at(SCHEMA, "detection_system_id");
        static final int DATA_LIFECYCLE_STATE_ID = at(SCHEMA, "data_lifecycle_state_id");

        private DataSecurity() {
        }
    }

    static final class Resource {
        static final Schema SCHEMA = type(Finding.SCHEMA, "resources");
        static final int UID = at(SCHEMA, "uid");
        static final int NAME = at(SCHEMA, "name");
        static final int TYPE = at(SCHEMA, "type");
        static final int ROLE_ID = at(SCHEMA, "role_id");

        private Resource() {
        }
    }

    static final class Unmapped {
        static final Schema SCHEMA = type(Finding.SCHEMA, "unmapped");
        static final int EVENT = at(SCHEMA, "event");
        static final int ACTION = at(SCHEMA, "action");
        static final int ALERT_TYPE = at(SCHEMA, "alert_type");
        static final int ALERT_NUMBER = at(SCHEMA, "alert_number");
        static final int REPOSITORY_ID = at(SCHEMA, "repository_id");
        static final int ORG = at(SCHEMA, "org");
        static final int REPO = at(SCHEMA, "repo");
        static final int TRANSITION = at(SCHEMA, "transition");
        static final int COUNTS = at(SCHEMA, "counts");
        static final int SEVERITY = at(SCHEMA, "severity");
        static final int TOOL = at(SCHEMA, "tool");
        static final int RULE = at(SCHEMA, "rule");
        static final int REF = at(SCHEMA, "ref");
        static final int COMMIT_SHA = at(SCHEMA, "commit_sha");
        static final int SOURCE = at(SCHEMA, "source");
        static final int SIGNATURE_KEY = at(SCHEMA, "signature_key");

        private Unmapped() {
        }
    }

    /** A row of the repositories table. */
    static final class Repository {
        static final Schema SCHEMA = FindingSchema.repository();
        static final int REPOSITORY_ID = at(SCHEMA, "repository_id");
        static final int ORG = at(SCHEMA, "org");
        static final int REPO = at(SCHEMA, "repo");
        static final int EVENT = at(SCHEMA, "event");
        static final int ACTION = at(SCHEMA, "action");
        static final int TIME = at(SCHEMA, "time");
        static final int RECEIVED_TIME = at(SCHEMA, "received_time");
        static final int DELIVERY_ID = at(SCHEMA, "delivery_id");

        private Repository() {
        }
    }

    /** The position of {@code record}'s field {@code name}. */
    private static int at(Schema record, String name) {
        return field(record, name).pos();
    }

    /** The record type of {@code record}'s field {@code name}: the field's own, or its array's elements'. */
    private static Schema type(Schema record, String name) {
        Schema type = Avro.nonNull(field(record, name).schema());
        if (type.getType() == Schema.Type.ARRAY) {
            type = Avro.nonNull(type.getElementType());
        }
        if (type.getType() != Schema.Type.RECORD) {
            throw new IllegalStateException(record.getName() + "." + name + " is not a record: " + type);
        }
        return type;
    }

    private static Schema.Field field(Schema record, String name) {
        Schema.Field field = record.getField(name);
        if (field == null) {
            throw new IllegalStateException(record.getName() + " has no field " + name);
        }
        return field;
    }
}
