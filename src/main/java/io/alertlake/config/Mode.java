package io.alertlake.config;

/** Where alertlake runs: on embedded stand-ins for AWS, or against a real AWS account. */
public enum Mode {
    /** ElasticMQ, an S3-compatible server and DuckDB, all in-process on loopback. */
    LOCAL,
    /** SQS, S3, Glue and Athena with region and credentials from the default AWS chains. */
    AWS
}
