package io.alertlake.config;

/** The jobs one alertlake process can take on; on Fargate each service runs a subset. */
public enum Role {
    /** Receives GitHub webhooks and queues them. */
    INGEST,
    /** Drains the queue into the data lake. */
    CONSUME,
    /** Serves GraphQL and the admin endpoints. */
    API
}
