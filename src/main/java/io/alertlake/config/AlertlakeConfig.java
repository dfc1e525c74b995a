package io.alertlake.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Every {@code alertlake.*} setting. The README's configuration table is written from these Javadocs;
 * keep the two in step.
 */
@ConfigMapping(prefix = "alertlake")
public interface AlertlakeConfig {

    /** {@code local} runs on embedded stand-ins (no AWS account needed); {@code aws} talks to real AWS. */
    @WithDefault("local")
    Mode mode();

    /** Which stages this process runs: any of {@code ingest}, {@code consume}, {@code api}. */
    @WithDefault("ingest,consume,api")
    Set<Role> roles();

    Webhook webhook();

    Queue queue();

    Lake lake();

    Local local();

    Consumer consumer();

    Query query();

    Athena athena();

    Trino trino();

    Api api();

    Demo demo();

    Github github();

    Metrics metrics();

    default boolean isLocal() {
        return mode() == Mode.LOCAL;
    }

    default boolean runs(Role role) {
        return roles().contains(role);
    }

    /** {@code alertlake.metrics.cloudwatch}, or its default: on in aws mode, off in local mode. */
    default boolean cloudWatchMetrics() {
        return metrics().cloudwatch().orElse(!isLocal());
    }

    /** {@code alertlake.consumer.flush-interval}, or its default: 60 s in aws mode, 2 s in local mode. */
    default Duration flushInterval() {
        return consumer().flushInterval().orElse(Duration.ofSeconds(isLocal() ? 2 : 60));
    }

    /** {@code alertlake.consumer.poll-wait}, or its default: 10s in aws mode, 1s in local mode. */
    default Duration pollWait() {
        return consumer().pollWait().orElse(Duration.ofSeconds(isLocal() ? 1 : 10));
    }

    /**
     * {@code alertlake.consumer.receivers}, or its default: 16 in aws mode (a round trip to SQS per 10 messages:
     * with 2, a 1-vCPU consumer drained ~550 deliveries/s, with 16 to 64 ~1,150, its CPU then the limit;
     * docs/benchmarks.md), 2 in local mode (the queue is in this process).
     */
    default int receivers() {
        return Math.max(1, consumer().receivers().orElse(isLocal() ? 2 : 16));
    }

    interface Webhook {
        /** HMAC secret shared with GitHub; required in aws mode, generated and printed once in local mode. */
        Optional<String> secret();

        /** The secret being rotated out: deliveries signed with it are still accepted. */
        Optional<String> previousSecret();

        /** Largest accepted delivery body; GitHub caps payloads at 25 MiB. */
        @WithDefault("25M")
        MemorySize maxBody();

        /**
         * Deliveries over 256 KiB (or streamed without a length) read at once; one more is answered 503 before its
         * body is read. Each is held whole in memory until verified, and anyone can send one.
         */
        @WithDefault("4")
        int largeBodies();

        /**
         * How long a large delivery's body (and any other webhook body) may take to arrive before it is answered
         * 408 and its connection closed: a sender that trickles bytes would otherwise hold one of the
         * {@link #largeBodies()} places, or a connection, for as long as it likes. GitHub gives up on a delivery
         * after 10 seconds anyway.
         */
        @WithDefault("30s")
        Duration largeBodyDeadline();

        /** GitHub events that are queued; any other event is answered 202 and ignored. */
        @WithDefault("code_scanning_alert,dependabot_alert,secret_scanning_alert,secret_scanning_alert_location,"
                + "repository,installation,installation_repositories")
        Set<String> events();

        /** Source CIDRs allowed to deliver (GitHub's {@code hooks} ranges from {@code GET /meta}); empty allows all. */
        Optional<List<String>> allowedCidrs();

        /** Proxies (CIDRs) whose {@code X-Forwarded-For} header is trusted to name the real client. */
        Optional<List<String>> trustedProxies();

        /** How long a delivery may wait for SQS to accept it before the answer is 503 (GitHub gives up at 10 s). */
        @WithDefault("3s")
        Duration enqueueTimeout();
    }

    interface Queue {
        /** Queue URL; when absent it is looked up by {@code name}. */
        Optional<String> url();

        /** aws mode: an SQS-compatible endpoint instead of AWS's (e.g. an ElasticMQ server). */
        Optional<java.net.URI> endpoint();

        /** Name of the delivery queue. */
        @WithDefault("alertlake-deliveries")
        String name();

        /** Name of the dead-letter queue that takes deliveries received too often without success. */
        @WithDefault("alertlake-deliveries-dlq")
        String dlqName();

        /** Receives before a delivery moves to the dead-letter queue (local mode creates the redrive policy). */
        @WithDefault("5")
        int maxReceiveCount();

        /** SQS message size limit; larger bodies are stored in S3 under {@code raw/oversize/} (claim check). */
        @WithDefault("1048576")
        int maxMessageBytes();

        /** How long a received delivery stays invisible to other receivers; must cover buffering plus a flush. */
        @WithDefault("5m")
        Duration visibilityTimeout();

        /** How long the SDK's batch manager waits to fill a SendMessageBatch before sending it. */
        @WithDefault("5ms")
        Duration batchWindow();
    }

    interface Lake {
        /** S3 bucket holding the raw archive, the OCSF Parquet findings and quarantined deliveries. */
        @WithDefault("alertlake")
        String bucket();

        /** aws mode: an S3-compatible endpoint instead of AWS's (MinIO, Ceph, s3proxy). */
        Optional<java.net.URI> endpoint();

        /** Path-style bucket addressing, which most S3-compatible stores need. */
        @WithDefault("false")
        boolean pathStyle();

        /**
         * aws mode with Athena: register new partitions in the Glue catalog after each flush. Turn off when Athena
         * finds partitions itself (partition projection). With the Trino engine nothing is registered, whatever this
         * is set to: the service has Trino list the lake every {@code alertlake.trino.partition-refresh} instead.
         */
        @WithDefault("true")
        boolean registerPartitions();

        /**
         * Deflate level of the raw archive and quarantine files ({@code .ndjson.gz}) for the JDK's zlib, 0 (stored)
         * to 9 (smallest). Unset (the default), they are deflated by alertlake's own encoder instead
         * ({@code lake/FastGzip}: long repeats found with two candidates a position, fixed Huffman codes), which over
         * the benchmark's deliveries takes a quarter of zlib's CPU at level 1 or 2 for a third fewer bytes than level 2,
         * and on GitHub's fixture payloads writes fewer bytes than level 1 (docs/benchmarks.md). Any gzip reader
         * reads either.
         */
        OptionalInt rawGzipLevel();

        /**
         * How the raw archive's files are compressed: {@code gzip} ({@code raw/…ndjson.gz}, the default, which
         * every tool reads) or {@code zstd} ({@code raw/…ndjson.zst}: about the CPU of the default gzip for a
         * third of its bytes over the benchmark's deliveries; Athena, DuckDB and the {@code zstd} tool read it). Replay reads
         * files of either. Quarantine files stay gzip'd.
         */
        @WithDefault("gzip")
        RawCompression rawCompression();
    }

    interface Consumer {
        /**
         * Concurrent long-polling receivers; default 16 in aws mode, 2 in local mode. Each receive brings at most 10
         * messages and waits a round trip to SQS (tens of milliseconds), so the receivers, not the CPU, bound how
         * fast a backlog drains unless there are enough of them.
         */
        Optional<Integer> receivers();

        /**
         * Longest a record waits in the buffer before a flush, at most half the visibility timeout; default 60s in
         * aws mode, 2s in local mode.
         */
        Optional<Duration> flushInterval();

        /**
         * Flush when this many records are buffered. A backlog is flushed this many records at a time: larger means
         * fewer, fuller Parquet files, and more memory (about 2.2 KB of heap a mapped record of the demo's
         * deliveries, whose alerts share their text, up to ~4.3 KB where none is shared; plus its queue message's
         * handle; two batches at most are held).
         */
        @WithDefault("100000")
        int flushRecords();

        /**
         * Write the raw archive of the buffered deliveries ahead of the flush when their bodies reach this size, and
         * let go of the bodies (the flush still acknowledges them, after their findings are written). Quarantined
         * deliveries' bodies, which their quarantine lines keep until the flush, bring the flush forward at this size.
         */
        @WithDefault("64M")
        MemorySize flushBytes();

        /**
         * Threads that encode and upload a flush's Parquet files; default: 32, or one per core where there are more.
         * Most of a file's time is its PUT's round trip to S3, during which the thread waits: with one writer per
         * core a 1-vCPU consumer uploaded one file at a time (bench/consume/upload.sh).
         */
        Optional<Integer> writers();

        /**
         * Severity given to secret scanning alerts, which have none of their own: critical, high, medium, low or
         * none. Applied when deliveries are mapped: a change reaches older alerts through a replay.
         */
        @WithDefault("high")
        String secretSeverity();

        /**
         * Long-poll wait of one ReceiveMessage call; default 10s in aws mode (SQS bills each call), 1s in local mode
         * (the queue is in this process, and a stop waits for the receivers' polls to end).
         */
        Optional<Duration> pollWait();
    }

    interface Api {
        /** Bearer tokens accepted by GraphQL (env: comma-separated); local mode generates one. */
        Optional<List<String>> tokens();

        /**
         * Bearer tokens accepted by the admin endpoints (replay, backfill, redelivery) and by GraphQL: a token of
         * {@link #tokens()} reads, it does not rewrite the lake or spend the App's rate limit. None: the admin endpoints
         * refuse every call (local mode lets its generated token in).
         */
        Optional<List<String>> adminTokens();

        /** How long identical queries are answered from cache (Athena reuses results for its whole minutes, at least one). */
        @WithDefault("30s")
        Duration cacheTtl();

        /** Longest a single query may run on the engine before it is cancelled. */
        @WithDefault("30s")
        Duration queryTimeout();

        /**
         * Longest the queries of one GraphQL request may run together: each gets what is left of it (at most
         * {@link #queryTimeout()}), and a field whose query would start past it is an error. A request may ask for
         * many fields, each a query; without it, a slow engine kept one request for a query timeout per field.
         */
        @WithDefault("60s")
        Duration requestTimeout();

        /** SLA of critical alerts. */
        @WithDefault("7d")
        Duration slaCritical();

        /** SLA of high alerts. */
        @WithDefault("30d")
        Duration slaHigh();

        /** SLA of medium alerts. */
        @WithDefault("90d")
        Duration slaMedium();

        /** SLA of low alerts. */
        @WithDefault("180d")
        Duration slaLow();

        /** SLA of alerts of severity none; by default they have none. */
        Optional<Duration> slaNone();
    }

    interface Demo {
        /** Local mode only: replay generated demo deliveries through the webhook endpoint at startup. */
        @WithDefault("false")
        boolean enabled();

        /** Seed of the demo generator; the same seed gives the same deliveries. */
        @WithDefault("42")
        long seed();

        /** Months of demo history before the current month. */
        @WithDefault("9")
        int months();
    }

    interface Query {
        /** Engine of aws mode: {@code athena}, or {@code trino} for a self-hosted Trino (local mode uses DuckDB). */
        @WithDefault("athena")
        QueryEngineType engine();
    }

    interface Trino {
        /** JDBC URL of the Trino coordinator with a Hive catalog and schema: {@code jdbc:trino://host:8080/hive/alertlake}. */
        Optional<String> url();

        /** User the queries run as. */
        @WithDefault("alertlake")
        String user();

        /** The lake root as the Hive catalog's file system names it; default {@code s3://<alertlake.lake.bucket>/}. */
        Optional<String> lakeLocation();

        /** How often, in the background, the lake's folders are listed for new partitions (positive). */
        @WithDefault("1m")
        Duration partitionRefresh();
    }

    interface Athena {
        /** Glue/Athena database holding the {@code findings} and {@code repositories} tables. */
        @WithDefault("alertlake")
        String database();

        /** Athena workgroup queries run in (its enforced settings hold the result location and scan limit). */
        @WithDefault("alertlake")
        String workgroup();
    }

    interface Github {
        /** GitHub's REST API: {@code https://api.github.com}, or {@code https://HOST/api/v3} for GitHub Enterprise Server. */
        @WithDefault("https://api.github.com")
        String apiUrl();

        /** The GitHub App's id (or client id), the JWT issuer. Backfill, reconciliation and redelivery need it. */
        Optional<String> appId();

        /** The App's private key, PEM (PKCS#1 as GitHub issues it, or PKCS#8). From env or Secrets Manager only. */
        Optional<String> privateKey();

        /** Only these orgs/users (installation account logins); default: every installation of the App. */
        Optional<Set<String>> orgs();

        /** How often the incremental reconciliation runs ({@code off} disables it). */
        @WithDefault("24h")
        String reconcileEvery();

        /** How often lost webhook deliveries are looked for and redelivered ({@code off} disables it). */
        @WithDefault("1h")
        String redeliverEvery();

        /** At most this many redelivery requests per sweep. */
        @WithDefault("100")
        int redeliverMaxPerRun();

        /**
         * Secret types GitHub's secret scanning alert listing returns only when asked for by name: non-provider
         * patterns and passwords. Backfill and reconciliation read them in a listing of their own; {@code none}
         * leaves them out. The default is GitHub's list as documented in 2026.
         */
        @WithDefault(OPT_IN_SECRET_TYPES)
        List<String> optInSecretTypes();

        /** GitHub's non-provider patterns and {@code password} (docs: supported secret scanning patterns). */
        String OPT_IN_SECRET_TYPES = "password,ec_private_key,generic_private_key,http_basic_authentication_header,"
                + "http_bearer_authentication_header,mongodb_connection_string,mysql_connection_string,"
                + "openssh_private_key,pgp_private_key,postgres_connection_string,rsa_private_key";

        /** Org webhooks (not the App's own) to sweep as well, as {@code org/hook-id}; needs the App's org-hooks permission. */
        Optional<List<String>> orgHooks();

        /** Longest wait for a rate limit to reset before a run gives up with an error. */
        @WithDefault("15m")
        Duration maxRateLimitWait();

        /** Retries of a request that failed with a 5xx or an I/O error (exponential backoff from {@code retry-delay}). */
        @WithDefault("4")
        int maxRetries();

        @WithDefault("1s")
        Duration retryDelay();

        /** Timeout of one request to GitHub, its whole response (headers and body) included. */
        @WithDefault("30s")
        Duration requestTimeout();

        default boolean configured() {
            return appId().isPresent() && privateKey().isPresent();
        }
    }

    interface Local {
        /** Where local mode keeps its S3 objects and query engine files. */
        @WithDefault("./data")
        Path dataDir();
    }

    interface Metrics {
        /**
         * Publish the {@code alertlake_*} meters to CloudWatch as embedded metric format lines on standard error,
         * which CloudWatch Logs turns into metrics; default on in aws mode, off in local mode.
         */
        Optional<Boolean> cloudwatch();

        /** CloudWatch namespace of those metrics (Terraform sets the deployment's name). */
        @WithDefault("alertlake")
        String cloudwatchNamespace();

        /** How often they are published: counters count what happened in each such step. */
        @WithDefault("1m")
        Duration cloudwatchStep();
    }
}
