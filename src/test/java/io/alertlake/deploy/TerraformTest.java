package io.alertlake.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertlake.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks terraform/ with HashiCorp's own HCL parser (npm {@code @cdktf/hcl2json}, installed by {@code npm ci};
 * {@code terraform} itself cannot run here — the workflow runs fmt, validate and tflint).
 */
class TerraformTest {

    private static final Path TERRAFORM = Path.of("terraform");
    private static Map<String, JsonNode> parsed;
    private static Map<String, String> texts;

    @BeforeAll
    static void parseEveryFile() throws Exception {
        assertThat(Path.of("node_modules/@cdktf/hcl2json"))
                .as("HashiCorp's HCL parser is missing: run `npm ci` in the repository root first (`./mvnw verify` does when it is missing)")
                .exists();
        List<String> command = new ArrayList<>(List.of("node", "src/test/resources/terraform/hcl2json.mjs"));
        texts = new TreeMap<>();
        try (Stream<Path> files = Files.walk(TERRAFORM)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
                command.add(p.toString());
                texts.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes());
        assertThat(process.waitFor()).as(err).isZero();
        parsed = new TreeMap<>();
        Fixtures.JSON.readTree(out).fields().forEachRemaining(e -> parsed.put(e.getKey(), e.getValue()));
        assertThat(parsed).hasSize(texts.size());
    }

    private static List<Map.Entry<String, JsonNode>> resources(String type) {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        for (JsonNode file : parsed.values()) {
            JsonNode byName = file.path("resource").path(type);
            byName.fields().forEachRemaining(e -> found.add(Map.entry(e.getKey(), e.getValue().get(0))));
        }
        return found;
    }

    @Test
    void everyFileParses() {
        assertThat(parsed).as("the .tf files of terraform/").containsKeys("lake.tf", "queue.tf", "iam.tf", "service.tf");
        parsed.forEach((file, json) -> assertThat(json.has("error")).as(file + ": " + json.path("error")).isFalse());
    }

    @Test
    void everyQueueHasARedrivePolicy() {
        var queues = resources("aws_sqs_queue");
        assertThat(queues).isNotEmpty();
        for (var q : queues) {
            if (!q.getKey().equals("dlq")) {
                assertThat(q.getValue().has("redrive_policy")).as(q.getKey()).isTrue();
                assertThat(q.getValue().path("redrive_policy").asText()).contains("maxReceiveCount     = 5");
            }
            assertThat(q.getValue().path("sqs_managed_sse_enabled").asBoolean()).as(q.getKey() + " SSE").isTrue();
        }
    }

    @Test
    void bucketBlocksPublicAccessAndIsEncrypted() {
        var blocks = resources("aws_s3_bucket_public_access_block");
        assertThat(blocks).hasSize(1);
        for (String flag : List.of("block_public_acls", "block_public_policy", "ignore_public_acls",
                "restrict_public_buckets")) {
            assertThat(blocks.get(0).getValue().path(flag).asBoolean()).as(flag).isTrue();
        }
        var encryption = resources("aws_s3_bucket_server_side_encryption_configuration");
        assertThat(encryption).hasSize(1);
        assertThat(encryption.get(0).getValue().toString()).contains("sse_algorithm");
        assertThat(texts.values().stream().anyMatch(t -> t.contains("aws:SecureTransport"))).isTrue();
    }

    @Test
    void bucketPolicyWaitsForThePublicAccessBlock() {
        // written at the same time, S3 refuses one of them with OperationAborted
        assertThat(dependsOn("aws_s3_bucket_policy", "lake")).contains("aws_s3_bucket_public_access_block.lake");
        assertThat(dependsOn("aws_s3_bucket_lifecycle_configuration", "lake")).contains("aws_s3_bucket_versioning.lake");
    }

    @Test
    void claimChecksExpireOnlyWhenNoMessageCanPointToThemAndNothingIsKeptForever() {
        List<JsonNode> rules = new ArrayList<>();
        resource("aws_s3_bucket_lifecycle_configuration", "lake").path("rule").forEach(rules::add);
        JsonNode claimChecks = rules.stream()
                .filter(r -> r.path("filter").path(0).path("prefix").asText().equals("raw/oversize/")).findFirst()
                .orElseThrow(() -> new AssertionError("no lifecycle rule for raw/oversize/"));
        int days = claimChecks.path("expiration").path(0).path("days").asInt();
        // a message may wait its retention in the queue, then in the DLQ, then be redriven to the queue again
        int queueDays = resource("aws_sqs_queue", "deliveries").path("message_retention_seconds").asInt() / 86400;
        int dlqDays = resource("aws_sqs_queue", "dlq").path("message_retention_seconds").asInt() / 86400;
        assertThat(days).isGreaterThan(2 * queueDays + dlqDays);
        // the archive is read by replays for years: it must neither expire nor take the claim checks with it
        for (JsonNode rule : rules) {
            String prefix = rule.path("filter").path(0).path("prefix").asText();
            if (rule.has("transition")) {
                assertThat(prefix).as(rule.path("id").asText()).isEqualTo("raw/day=");
            }
            if (prefix.startsWith("raw/") && !prefix.startsWith("raw/oversize/")) {
                assertThat(rule.has("expiration")).as(rule.path("id").asText()).isFalse();
            }
        }
        // the bucket is versioned: what expires stays as an older version unless a whole-bucket rule removes it
        JsonNode wholeBucket = rules.stream()
                .filter(r -> r.path("filter").path(0).isObject() && r.path("filter").path(0).isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no lifecycle rule for the whole bucket"));
        assertThat(wholeBucket.has("noncurrent_version_expiration")).isTrue();
        assertThat(wholeBucket.path("expiration").path(0).path("expired_object_delete_marker").asBoolean()).isTrue();
    }

    @Test
    void noIamStatementAllowsEveryActionOnEveryResource() {
        int statements = 0;
        for (JsonNode file : parsed.values()) {
            for (JsonNode doc : iterable(file.path("data").path("aws_iam_policy_document"))) {
                for (JsonNode statement : doc.get(0).path("statement")) {
                    statements++;
                    boolean allow = !statement.path("effect").asText("Allow").equals("Deny");
                    boolean allActions = contains(statement.path("actions"), "*");
                    boolean allResources = contains(statement.path("resources"), "*");
                    assertThat(allow && allActions && allResources).as(statement.toString()).isFalse();
                    // and no service-wide wildcard on everything either
                    for (JsonNode a : statement.path("actions")) {
                        if (allow && a.asText().endsWith(":*")) {
                            assertThat(allResources).as(statement.toString()).isFalse();
                        }
                    }
                }
            }
        }
        assertThat(statements).isGreaterThan(5);
    }

    @Test
    void everyReferencedVariableIsDeclared() {
        Set<String> declared = new HashSet<>();
        for (JsonNode file : parsed.values()) {
            file.path("variable").fieldNames().forEachRemaining(declared::add);
        }
        Pattern ref = Pattern.compile("\\bvar\\.([a-zA-Z_][a-zA-Z0-9_]*)");
        for (var t : texts.entrySet()) {
            Matcher m = ref.matcher(t.getValue());
            while (m.find()) {
                assertThat(declared).as(t.getKey() + " uses var." + m.group(1)).contains(m.group(1));
            }
        }
        // and every variable is documented
        for (JsonNode file : parsed.values()) {
            file.path("variable").fields().forEachRemaining(v ->
                    assertThat(v.getValue().get(0).has("description")).as(v.getKey()).isTrue());
        }
    }

    @Test
    void glueTablesTakeTheirColumnsFromTheGeneratedSchemaFile() throws Exception {
        var tables = resources("aws_glue_catalog_table");
        assertThat(tables).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("findings", "repositories");
        assertThat(tables.stream().filter(t -> t.getKey().equals("findings")).findFirst().orElseThrow()
                .getValue().toString()).contains("local.findings_columns").contains("local.findings_partition_keys");
        assertThat(tables.stream().filter(t -> t.getKey().equals("repositories")).findFirst().orElseThrow()
                .getValue().toString()).contains("local.repositories_columns");
        // the generated file itself is checked against the Avro schemas by TerraformGlueColumnsTest
        JsonNode generated = Fixtures.JSON.readTree(TERRAFORM.resolve("glue_columns.tf.json").toFile());
        assertThat(generated.path("locals").path("findings_columns").size()).isGreaterThan(10);
    }

    @Test
    void everyFileIsLaidOutAsTerraformFmtWould() {
        texts.forEach((file, text) -> assertThat(HclLayout.problems(text)).as(file).isEmpty());
    }

    @Test
    void queueCarriesOneMebibyteAndHidesADeliveryLongerThanAFlush() {
        JsonNode queue = resource("aws_sqs_queue", "deliveries");
        JsonNode versions = parsed.get("versions.tf").path("terraform").get(0);
        assertThat(queue.path("max_message_size").asInt()).isEqualTo(1024 * 1024);
        // the consumer buffers up to 60 s before it flushes and deletes; a shorter timeout redelivers
        // every buffered message to a second consumer
        assertThat(queue.path("visibility_timeout_seconds").asInt()).isGreaterThanOrEqualTo(180);
        assertThat(queue.has("message_retention_seconds")).isTrue();
        assertThat(resource("aws_sqs_queue", "dlq").has("message_retention_seconds")).isTrue();
        // a poison delivery of up to 1 MiB moves to the dead-letter queue whole (the provider's default is 256 KiB)
        assertThat(resource("aws_sqs_queue", "dlq").path("max_message_size").asInt()).isEqualTo(1024 * 1024);
        // the AWS provider accepts a max_message_size over 262144 (256 KiB) only from 6.8 on: an older one
        // allowed by the constraint would fail validate, or plan the queue at 256 KiB
        String constraint = versions.path("required_providers").get(0).path("aws").path("version").asText();
        Matcher minimum = Pattern.compile(">=\\s*(\\d+)\\.(\\d+)").matcher(constraint);
        assertThat(minimum.find()).as(constraint).isTrue();
        int major = Integer.parseInt(minimum.group(1));
        int minor = Integer.parseInt(minimum.group(2));
        assertThat(major > 6 || major == 6 && minor >= 8).as("aws provider " + constraint).isTrue();
    }

    @Test
    void eachServiceRunsItsRolesWithTheSecretsInjected() {
        String ingestApi = resource("aws_ecs_task_definition", "ingest_api").path("container_definitions").asText();
        String consumer = resource("aws_ecs_task_definition", "consumer").path("container_definitions").asText();
        assertThat(ingestApi).contains("value = \"ingest,api\"").doesNotContain("consume\"");
        assertThat(consumer).contains("value = \"consume\"").doesNotContain("local.secrets");
        assertThat(ingestApi).containsPattern("secrets\\s+= local\\.secrets");
        assertThat(resource("aws_ecs_task_definition", "ingest_api").path("task_role_arn").asText())
                .contains("aws_iam_role.ingest_api");
        assertThat(resource("aws_ecs_task_definition", "consumer").path("task_role_arn").asText())
                .contains("aws_iam_role.consumer");
        String locals = texts.get("service.tf");
        for (String env : List.of("ALERTLAKE_MODE", "ALERTLAKE_QUEUE_URL", "ALERTLAKE_LAKE_BUCKET", "ALERTLAKE_LAKE_RAW_COMPRESSION",
                "ALERTLAKE_ATHENA_DATABASE", "ALERTLAKE_ATHENA_WORKGROUP", "ALERTLAKE_GITHUB_APP_ID",
                "QUARKUS_HTTP_HOST", "QUARKUS_LOG_CONSOLE_JSON_ENABLED")) {
            assertThat(locals).as(env).contains("name = \"" + env + "\"");
        }
        assertThat(locals).contains("{ name = \"QUARKUS_LOG_CONSOLE_JSON_ENABLED\", value = \"true\" }");
        // the orgs counted reach both: the api role's jobs read only them, the consumer quarantines the others'
        assertThat(locals).contains("name = \"ALERTLAKE_GITHUB_ORGS\"");
        assertThat(ingestApi).contains("local.github_orgs");
        assertThat(consumer).contains("local.github_orgs");
        // the App's id goes where its private key and jobs are: without the key, a consumer warned at every start
        assertThat(ingestApi).contains("ALERTLAKE_GITHUB_APP_ID");
        assertThat(consumer).doesNotContain("ALERTLAKE_GITHUB_APP_ID");
        assertThat(texts.get("service.tf").split("resource \"aws_ecs_task_definition\"")[0])
                .as("the environment both services share").doesNotContain("ALERTLAKE_GITHUB_APP_ID");
        // read in local mode only (LocalStack creates the redrive); in aws mode the queue's redrive policy is all
        assertThat(locals).doesNotContain("ALERTLAKE_QUEUE_DLQ_NAME");
        for (String secret : List.of("ALERTLAKE_WEBHOOK_SECRET", "ALERTLAKE_WEBHOOK_PREVIOUS_SECRET",
                "ALERTLAKE_API_TOKENS", "ALERTLAKE_API_ADMIN_TOKENS", "ALERTLAKE_GITHUB_PRIVATE_KEY")) {
            assertThat(locals).as(secret).containsPattern("name = \"" + secret + "\", valueFrom = aws_secretsmanager_secret\\.");
        }
        // liveness: ECS replaces what the load balancer finds unhealthy, and a queue outage is no reason to
        assertThat(resource("aws_lb_target_group", "ingest_api").path("health_check").get(0).path("path").asText())
                .isEqualTo("/q/health/live");
    }

    @Test
    void eachMetricsDocumentIsALogEventOfItsOwn() {
        // CloudWatch reads metrics only from an event that is one JSON document and nothing else: a multiline
        // pattern would join what follows a document (a stack trace's lines, stderr) to it
        for (String task : List.of("ingest_api", "consumer")) {
            assertThat(resource("aws_ecs_task_definition", task).path("container_definitions").asText()).as(task)
                    .contains("awslogs-group").doesNotContain("awslogs-multiline-pattern")
                    .doesNotContain("awslogs-datetime-format");
        }
        // the dashboard's searches quote their namespace: the deployment's may hold a "-", AWS's hold a "/"
        java.util.regex.Matcher search = java.util.regex.Pattern.compile("SEARCH\\('\\{([^,]*),")
                .matcher(texts.get("dashboard.tf"));
        List<String> namespaces = new ArrayList<>();
        while (search.find()) {
            namespaces.add(search.group(1));
        }
        assertThat(namespaces).hasSize(5).allMatch(ns -> ns.startsWith("\\\"") && ns.endsWith("\\\""))
                .contains("\\\"${local.namespace}\\\"", "\\\"AWS/Athena\\\"");
    }

    @Test
    void tasksDeclareThePlatformTheImageIsBuiltFor() throws Exception {
        // a native executable runs on one architecture only: an arm64 image on X86_64 Fargate exits at once
        for (String task : List.of("ingest_api", "consumer")) {
            JsonNode platform = resource("aws_ecs_task_definition", task).path("runtime_platform").get(0);
            assertThat(platform).as(task).isNotNull();
            assertThat(platform.path("operating_system_family").asText()).as(task).isEqualTo("LINUX");
            assertThat(platform.path("cpu_architecture").asText()).as(task).isEqualTo("X86_64");
        }
        assertThat(Files.readString(Path.of("docs/deploy.md"))).contains("docker build --platform linux/amd64 ");
    }

    @Test
    void servicesStartAfterAndStopBeforeWhatTheyUse() {
        // a first apply fails when the service names a target group no listener forwards to yet
        assertThat(dependsOn("aws_ecs_service", "ingest_api"))
                .contains("aws_lb_listener_rule.ingest_api", "aws_iam_role_policy.ingest_api");
        // destroy removes a service (and waits for its tasks to stop) before what it depends on: the consumer
        // flushes on SIGTERM and needs its rights for that
        assertThat(dependsOn("aws_ecs_service", "consumer")).contains("aws_iam_role_policy.consumer");
    }

    @Test
    void imagesExpireOnlyWhenUntagged() {
        // a rule over tagged images would in time delete the image the services run, and the next task start fails
        String policy = resource("aws_ecr_lifecycle_policy", "alertlake").path("policy").asText();
        Matcher tagStatus = Pattern.compile("tagStatus\\s*=\\s*\"(\\w+)\"").matcher(policy);
        int rules = 0;
        while (tagStatus.find()) {
            rules++;
            assertThat(tagStatus.group(1)).as(policy).isEqualTo("untagged");
        }
        assertThat(rules).isPositive();
    }

    @Test
    void rolesKeepToTheirStage() {
        Set<String> consumer = actions("consumer");
        Set<String> ingestApi = actions("ingest_api");
        assertThat(consumer).doesNotContain("sqs:SendMessage").noneMatch(a -> a.startsWith("athena:"));
        assertThat(ingestApi).doesNotContain("sqs:ReceiveMessage", "sqs:DeleteMessage");
        // both services are given the queue's URL (ALERTLAKE_QUEUE_URL): neither looks it up by name
        assertThat(consumer).doesNotContain("sqs:GetQueueUrl");
        assertThat(ingestApi).doesNotContain("sqs:GetQueueUrl");
        // the Athena calls the API makes (AthenaEngine), and no others
        assertThat(ingestApi.stream().filter(a -> a.startsWith("athena:"))).containsExactlyInAnyOrder(
                "athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
                "athena:StopQueryExecution");
        // the consumer writes the raw archive's days; the claim checks of raw/oversize/ it only reads
        assertThat(statement("consumer", "WriteLake").path("resources").toString()).contains("/raw/day=*")
                .doesNotContain("/raw/*");
        // a claim check whose body is gone answers 404 (quarantined, DeliveryDecoder), not 403 (retried), only to a
        // caller that may list the bucket; and the consumer deletes nothing
        assertThat(statement("consumer", "TellMissingClaimChecks").path("actions").toString()).contains("s3:ListBucket");
        assertThat(consumer).noneMatch(a -> a.startsWith("s3:Delete"));
        // only the consumer and replays write the lake; the ingest stage writes nothing but claim checks
        assertThat(statement("ingest_api", "ClaimChecks").path("resources").toString()).contains("/raw/oversize/*");
        // the GitHub jobs of the api role keep their watermarks under state/ and nowhere else
        // a replay rewrites or removes its own quarantine files (Replayer), never the consumer's
        JsonNode replayQuarantine = statement("ingest_api", "ReplayQuarantine");
        assertThat(replayQuarantine.path("actions").toString()).contains("s3:PutObject", "s3:DeleteObject");
        assertThat(replayQuarantine.path("resources").toString())
                .contains("/quarantine/*" + io.alertlake.consume.Replayer.REPLAY_SUFFIX + ".ndjson.gz\"");
        JsonNode jobState = statement("ingest_api", "GitHubJobState");
        assertThat(jobState.path("resources").toString()).contains("/state/*").doesNotContain("findings");
        assertThat(jobState.path("actions").toString()).contains("s3:GetObject", "s3:PutObject")
                .doesNotContain("s3:DeleteObject");
        // so the progress of old backfills and replays it writes there, and the requests to cancel them, expire by
        // the bucket's lifecycle (the folders SharedRuns writes for each kind)
        String rules = resource("aws_s3_bucket_lifecycle_configuration", "lake").path("rule").toString();
        for (String kind : List.of(io.alertlake.backfill.BackfillRuns.KIND, io.alertlake.consume.ReplayRuns.KIND)) {
            assertThat(rules).contains("\"prefix\":\"state/" + io.alertlake.jobs.SharedRuns.runsFolder(kind) + "/\"",
                    "\"prefix\":\"state/" + io.alertlake.jobs.SharedRuns.cancelFolder(kind) + "/\"");
        }
    }

    @Test
    void theApiRoleWritesTheCatalogOnlyForItsViewsAndPartitions() throws Exception {
        // the views the service applies at startup are the ones of sql/views/, and Terraform names exactly those
        Set<String> views = new HashSet<>();
        Pattern create = Pattern.compile("CREATE\\s+OR\\s+REPLACE\\s+VIEW\\s+(\\w+)", Pattern.CASE_INSENSITIVE);
        try (Stream<Path> files = Files.list(Path.of("sql/views"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Matcher m = create.matcher(Files.readString(f));
                assertThat(m.find()).as(f.toString()).isTrue();
                views.add(m.group(1).toLowerCase());
            }
        }
        Set<String> named = new HashSet<>();
        parsed.get("iam.tf").path("locals").forEach(l -> l.path("views").forEach(v -> named.add(v.asText())));
        assertThat(named).isEqualTo(views).hasSize(5);
        for (String role : List.of("ingest_api", "consumer")) {
            for (JsonNode statement : policy(role).path("statement")) {
                String actions = statement.path("actions").toString();
                String resources = statement.path("resources").toString();
                if (actions.contains("glue:CreateTable") || actions.contains("glue:UpdateTable")) {
                    assertThat(resources).as(role + " " + statement.path("sid")).contains("local.glue_views")
                            .doesNotContain("local.glue_tables");
                }
                if (actions.contains("glue:BatchCreatePartition")) {
                    assertThat(resources).as(role + " " + statement.path("sid")).contains("local.glue_data_tables")
                            .doesNotContain("local.glue_tables");
                }
            }
        }
        // Athena engine 3 reads partitions with BatchGetPartition
        assertThat(statement("ingest_api", "Catalog").path("actions").toString())
                .contains("glue:GetPartition\"", "glue:GetPartitions", "glue:BatchGetPartition");
    }

    @Test
    void theLoadBalancerReachesOnlyTheTasks() {
        // no inline rules: the groups reference each other, and inline rules beside rule resources fight
        for (var group : resources("aws_security_group")) {
            assertThat(group.getValue().has("ingress") || group.getValue().has("egress")).as(group.getKey()).isFalse();
        }
        var albEgress = resources("aws_vpc_security_group_egress_rule").stream().map(Map.Entry::getValue)
                .filter(r -> r.path("security_group_id").asText().contains("aws_security_group.alb.")).toList();
        assertThat(albEgress).isNotEmpty().allSatisfy(r -> {
            assertThat(r.path("referenced_security_group_id").asText()).contains("aws_security_group.tasks.id");
            assertThat(r.has("cidr_ipv4") || r.has("cidr_ipv6")).isFalse();
            assertThat(r.path("from_port").asInt()).isEqualTo(8080);
            assertThat(r.path("to_port").asInt()).isEqualTo(8080);
        });
    }

    @Test
    void onlyEcsTasksOfThisAccountAssumeTheTaskRoles() {
        for (String role : List.of("ingest_api", "consumer")) {
            String trust = resource("aws_iam_role", role).path("assume_role_policy").asText();
            assertThat(trust).as(role).contains("data.aws_iam_policy_document.ecs_task_assume");
        }
        JsonNode condition = policy("ecs_task_assume").path("statement").get(0).path("condition").get(0);
        assertThat(condition.path("variable").asText()).isEqualTo("aws:SourceAccount");
        assertThat(condition.path("values").toString()).contains("data.aws_caller_identity.current.account_id");
    }

    @Test
    void operatorsAreToldWhenSomethingIsWrong() {
        var alarms = resources("aws_cloudwatch_metric_alarm").stream().map(e -> e.getValue().toString()).toList();
        assertThat(alarms).as("DLQ depth").anyMatch(a -> a.contains("aws_sqs_queue.dlq.name")
                && a.contains("ApproximateNumberOfMessagesVisible"));
        // HTTPCode_ELB_5XX_Count: with no healthy task the load balancer answers 503 itself, which the target
        // count never sees
        for (String metric : List.of("ApproximateAgeOfOldestMessage", "HTTPCode_Target_5XX_Count",
                "HTTPCode_ELB_5XX_Count")) {
            assertThat(alarms).as(metric).anyMatch(a -> a.contains(metric));
        }
        // each service's logged errors: a metric from its own log group (a failed replay or backfill logs on
        // ingest+API), and an alarm on each
        JsonNode errors = parsed.get("alarms.tf").path("locals").get(0).path("logged_errors");
        assertThat(errors.path("consumer").path("log_group").asText()).contains("aws_cloudwatch_log_group.consumer.name");
        assertThat(errors.path("ingest-api").path("log_group").asText())
                .contains("aws_cloudwatch_log_group.ingest_api.name");
        assertThat(errors.path("consumer").path("metric").asText()).isEqualTo("ConsumerErrors");
        assertThat(errors.path("ingest-api").path("metric").asText()).isEqualTo("IngestApiErrors");
        JsonNode filter = resource("aws_cloudwatch_log_metric_filter", "errors");
        assertThat(filter.path("for_each").asText()).contains("local.logged_errors");
        assertThat(filter.path("pattern").asText()).contains("ERROR");
        JsonNode errorAlarm = resource("aws_cloudwatch_metric_alarm", "errors");
        assertThat(errorAlarm.path("for_each").asText()).contains("local.logged_errors");
        assertThat(errorAlarm.path("metric_name").asText()).contains("each.value.metric");
        // a quarantined delivery (logged at WARN) is counted from the consumer's log by the line it logs, and alarmed on
        JsonNode quarantined = resource("aws_cloudwatch_log_metric_filter", "quarantined");
        assertThat(quarantined.path("log_group_name").asText()).contains("aws_cloudwatch_log_group.consumer.name");
        assertThat(quarantined.path("pattern").asText()).isEqualTo("\"quarantined:\"");
        assertThat(resource("aws_cloudwatch_metric_alarm", "quarantined").path("metric_name").asText())
                .contains("aws_cloudwatch_log_metric_filter.quarantined");
        // refused signatures, counted by the ingest tasks and published through their logs in the namespace the
        // tasks are given (a secret that no longer matches GitHub's)
        JsonNode refused = resource("aws_cloudwatch_metric_alarm", "signatures_refused");
        assertThat(refused.path("namespace").asText()).contains("var.name");
        assertThat(texts.get("service.tf")).contains("{ name = \"ALERTLAKE_METRICS_CLOUDWATCH_NAMESPACE\", value = var.name }");
        assertThat(refused.path("metric_name").asText()).isEqualTo("alertlake_webhook_rejected_total");
        assertThat(refused.path("dimensions").toString()).contains("\"reason\":\"signature_invalid\"");
        assertThat(refused.path("treat_missing_data").asText()).isEqualTo("notBreaching");
        JsonNode healthy = resources("aws_cloudwatch_metric_alarm").stream().map(Map.Entry::getValue)
                .filter(a -> a.path("metric_name").asText().equals("HealthyHostCount")).findFirst()
                .orElseThrow(() -> new AssertionError("no alarm on HealthyHostCount"));
        assertThat(healthy.path("dimensions").toString()).contains("aws_lb_target_group.ingest_api.arn_suffix");
        assertThat(healthy.path("comparison_operator").asText()).isEqualTo("LessThanThreshold");
        assertThat(healthy.path("threshold").asInt()).isEqualTo(1);
        // a count that is not published when nothing happened (no 5xx, an idle queue) must not leave the alarm in
        // INSUFFICIENT_DATA, from which it would never return to OK
        for (var alarm : resources("aws_cloudwatch_metric_alarm")) {
            String metric = alarm.getValue().path("metric_name").asText();
            if (metric.startsWith("HTTPCode_") || metric.contains("each.value.metric")
                    || alarm.getValue().path("dimensions").toString().contains("aws_sqs_queue.dlq")) {
                assertThat(alarm.getValue().path("treat_missing_data").asText()).as(alarm.getKey()).isEqualTo("notBreaching");
            }
        }
        for (var group : resources("aws_cloudwatch_log_group")) {
            assertThat(group.getValue().has("retention_in_days")).as(group.getKey()).isTrue();
        }
    }

    @Test
    void everyOutputIsDocumented() {
        Set<String> outputs = new HashSet<>();
        for (JsonNode file : parsed.values()) {
            file.path("output").fields().forEachRemaining(o -> {
                outputs.add(o.getKey());
                assertThat(o.getValue().get(0).has("description")).as(o.getKey()).isTrue();
            });
        }
        assertThat(outputs).contains("webhook_url", "graphql_url", "athena_database", "secret_arns");
    }

    @Test
    void examplesSetEveryRequiredVariable() throws Exception {
        List<String> required = new ArrayList<>();
        for (JsonNode file : parsed.values()) {
            file.path("variable").fields().forEachRemaining(v -> {
                if (!v.getValue().get(0).has("default")) {
                    required.add(v.getKey());
                }
            });
        }
        try (Stream<Path> examples = Files.list(TERRAFORM.resolve("examples"))) {
            List<Path> files = examples.filter(f -> f.toString().endsWith(".tfvars")).toList();
            assertThat(files).isNotEmpty();
            for (Path example : files) {
                String text = Files.readString(example);
                assertThat(HclLayout.problems(text)).as(example.toString()).isEmpty();
                for (String name : required) {
                    assertThat(text).as(example + " sets " + name).containsPattern("(?m)^" + name + "\\s+=");
                }
            }
        }
    }

    @Test
    void teardownCanDeleteWhatQueriesLeftBehind() {
        // Athena refuses to delete a workgroup that has run queries ("WorkGroup is not empty") unless recursively
        assertThat(resource("aws_athena_workgroup", "lake").path("force_destroy").asBoolean()).isTrue();
    }

    @Test
    void stateVariableFilesAndKeysStayOutOfGit() throws Exception {
        // the state names every resource and may hold secrets; my.tfvars is the operator's; the App's key acts as
        // the App. The provider lock file, in contrast, is meant to be committed.
        List<String> ignored = Files.readAllLines(Path.of(".gitignore")).stream().map(String::strip)
                .filter(line -> !line.startsWith("#")).toList();
        assertThat(ignored).contains(".terraform/", "*.tfstate", "*.tfstate.*", "terraform/*.tfvars", "*.pem");
        assertThat(ignored).noneMatch(line -> line.contains("lock.hcl") || line.contains("examples"));
    }

    private static JsonNode resource(String type, String name) {
        return resources(type).stream().filter(e -> e.getKey().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + "." + name)).getValue();
    }

    /** The addresses a resource's depends_on names. */
    private static List<String> dependsOn(String type, String name) {
        List<String> addresses = new ArrayList<>();
        resource(type, name).path("depends_on").forEach(a -> addresses.add(a.asText().replaceAll("^\\$\\{|}$", "")));
        return addresses;
    }

    private static Set<String> actions(String policyDocument) {
        Set<String> actions = new HashSet<>();
        for (JsonNode statement : policy(policyDocument).path("statement")) {
            statement.path("actions").forEach(a -> actions.add(a.asText()));
        }
        return actions;
    }

    private static JsonNode statement(String policyDocument, String sid) {
        for (JsonNode statement : policy(policyDocument).path("statement")) {
            if (statement.path("sid").asText().equals(sid)) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policyDocument);
    }

    private static JsonNode policy(String name) {
        for (JsonNode file : parsed.values()) {
            JsonNode doc = file.path("data").path("aws_iam_policy_document").path(name);
            if (!doc.isMissingNode()) {
                return doc.get(0);
            }
        }
        throw new AssertionError("no aws_iam_policy_document." + name);
    }

    private static Iterable<JsonNode> iterable(JsonNode byName) {
        List<JsonNode> all = new ArrayList<>();
        byName.elements().forEachRemaining(all::add);
        return all;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
