package io.alertlake.ocsf;

import io.alertlake.ocsf.OcsfFields.File;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Small helpers for the lake's Avro records. */
final class Avro {

    private Avro() {
    }

    /** The type of a nullable union that is not null (a loop: a stream here took 4 % of the mapping's samples). */
    static Schema nonNull(Schema s) {
        if (!s.isUnion()) {
            return s;
        }
        for (Schema t : s.getTypes()) {
            if (t.getType() != Schema.Type.NULL) {
                return t;
            }
        }
        throw new IllegalArgumentException("a union of null alone: " + s);
    }

    /** An OCSF file (a regular file) at a repository path. */
    static GenericRecord file(String path) {
        GenericData.Record file = new GenericData.Record(File.SCHEMA);
        file.put(File.NAME, path.substring(path.lastIndexOf('/') + 1));
        file.put(File.PATH, path);
        file.put(File.TYPE_ID, 1);
        return file;
    }
}
