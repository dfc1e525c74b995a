package io.alertlake.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertlake.delivery.Delivery;
import io.alertlake.lake.LakePaths;
import io.alertlake.lake.ParquetFiles;
import io.alertlake.ocsf.FindingSchema;
import io.alertlake.ocsf.Mapped;
import io.alertlake.ocsf.OcsfMapper;
import io.alertlake.testing.Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds a lake from hand-written event sequences: each event is a webhook payload made from GitHub's example,
 * mapped by the real {@link OcsfMapper} and written as Parquet in the lake layout, so the views read exactly
 * what the consumer writes.
 */
public final class TestLake {

    private final Path root;
    private final OcsfMapper mapper = new OcsfMapper();
    private int files;

    public TestLake(Path root) {
        this.root = root;
    }

    /** A lake at {@code bucket} from which every earlier test's findings and repositories are gone. */
    public static TestLake emptied(Path bucket) throws java.io.IOException {
        org.apache.commons.io.FileUtils.deleteDirectory(bucket.resolve("findings").toFile());
        org.apache.commons.io.FileUtils.deleteDirectory(bucket.resolve("repositories").toFile());
        return new TestLake(bucket);
    }

    public Path root() {
        return root;
    }

    /** An alert of a repository; its events are added with the fluent methods. */
    public Alert alert(String org, String repo, long repositoryId, String type, int number) {
        return new Alert(org, repo, repositoryId, type, number);
    }

    public final class Alert {
        final String org;
        final String repo;
        final long repositoryId;
        final String type;
        final int number;
        String severity = "high";
        String ref = null;
        String defaultBranch = "main";
        Instant createdAt;

        Alert(String org, String repo, long repositoryId, String type, int number) {
            this.org = org;
            this.repo = repo;
            this.repositoryId = repositoryId;
            this.type = type;
            this.number = number;
        }

        public Alert severity(String s) {
            severity = s;
            return this;
        }

        public Alert created(String at) {
            createdAt = Instant.parse(at);
            return event("created", "open", null, createdAt, null);
        }

        /** The alert's original creation time, carried by later events without a created event. */
        public Alert createdAtOnly(String at) {
            createdAt = Instant.parse(at);
            return this;
        }

        public Alert fixed(String at) {
            return event(type.equals("secret_scanning") ? "resolved" : "fixed", "fixed",
                    type.equals("secret_scanning") ? "revoked" : null, Instant.parse(at), null);
        }

        public Alert dismissed(String at, String reason) {
            String action = switch (type) {
                case "code_scanning" -> "closed_by_user";
                case "secret_scanning" -> "resolved";
                default -> "dismissed";
            };
            return event(action, "dismissed", reason, Instant.parse(at), null);
        }

        /** A code-scanning fix as its webhook tells it: without {@code fixed_at}, timed at its receipt, {@code at}. */
        public Alert fixedByWebhookReceivedAt(String at) {
            withoutCloseTime = true;
            try {
                return event("fixed", "fixed", null, Instant.parse(at), Instant.parse(at));
            } finally {
                withoutCloseTime = false;
            }
        }

        private boolean withoutCloseTime;

        public Alert reopened(String at) {
            return event("reopened", "open", null, Instant.parse(at), null);
        }

        public Alert onRef(String r) {
            ref = r;
            return this;
        }

        public Alert action(String action, String state, String at) {
            return event(action, state, null, Instant.parse(at), null);
        }

        /** Writes the same delivery twice (a redelivery), as at-least-once delivery may. */
        public Alert duplicateOfLast() {
            return duplicateOfLastAt(lastDelivery.receivedAt().plusSeconds(5).toString());
        }

        /** Writes the last delivery again, received at {@code at} (a copy the queue hands over again much later). */
        public Alert duplicateOfLastAt(String at) {
            Delivery last = lastDelivery;
            write(new Delivery(last.event(), last.deliveryId(), null, null, null, Instant.parse(at), last.body(),
                    last.signature()));
            return this;
        }

        /**
         * Sends the last delivery's signed body again under a new delivery id, received at {@code at}: what anyone
         * holding one signed delivery (GitHub's delivery log shows them) can do, as the id is not signed.
         */
        public Alert replayedUnderANewIdAt(String at) {
            Delivery last = lastDelivery;
            write(new Delivery(last.event(), UUID.randomUUID().toString(), null, null, null, Instant.parse(at),
                    last.body(), last.signature()));
            return this;
        }

        /**
         * GitHub's redelivery of the last delivery, received at {@code at}, after the webhook secret was rotated:
         * the same delivery id and body, signed with the new secret.
         */
        public Alert redeliveredAfterASecretRotationAt(String at) {
            Delivery last = lastDelivery;
            write(new Delivery(last.event(), last.deliveryId(), null, null, null, Instant.parse(at), last.body(),
                    io.alertlake.ingest.SignatureVerifier.sign("rotated-test-lake-secret", last.body())));
            return this;
        }

        /** Renames the repository (a later delivery with new names). */
        public Alert renamedTo(String newOrg, String newRepo, String at) {
            ObjectNode body = Fixtures.JSON.createObjectNode();
            body.put("action", "renamed");
            ObjectNode r = body.putObject("repository");
            r.put("id", repositoryId);
            r.put("name", newRepo);
            r.putObject("owner").put("login", newOrg);
            body.putObject("organization").put("login", newOrg);
            write(new Delivery("repository", UUID.randomUUID().toString(), null, null, null, Instant.parse(at),
                    body.toString().getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        Delivery lastDelivery;
        private Instant arrival;

        /** The next event reaches alertlake at {@code at} (otherwise two seconds after it happened). */
        public Alert arrivingAt(String at) {
            arrival = Instant.parse(at);
            return this;
        }

        Alert event(String action, String state, String reason, Instant at, Instant receivedAt) {
            String event = type + "_alert";
            ObjectNode body = (ObjectNode) Fixtures.json(Fixtures.WEBHOOKS.resolve(switch (type) {
                case "code_scanning" -> "code_scanning_alert/created.json";
                case "dependabot" -> "dependabot_alert/created.json";
                default -> "secret_scanning_alert/reopened.json";
            }));
            body.put("action", action);
            ObjectNode repository = (ObjectNode) body.get("repository");
            repository.put("id", repositoryId);
            repository.put("name", repo);
            repository.put("default_branch", defaultBranch);
            ((ObjectNode) repository.get("owner")).put("login", org);
            body.putObject("organization").put("login", org);
            ObjectNode a = (ObjectNode) body.get("alert");
            a.put("number", number);
            if (createdAt != null) {
                a.put("created_at", createdAt.toString());
            } else {
                a.remove("created_at");
            }
            a.put("updated_at", at.toString());
            switch (type) {
                case "code_scanning" -> {
                    body.put("ref", ref == null ? "refs/heads/" + defaultBranch : ref);
                    a.put("state", state);
                    ObjectNode rule = (ObjectNode) a.get("rule");
                    if (severity.equals("none")) { // a rule without a security level whose own severity is none
                        rule.putNull("security_severity_level").put("severity", "none");
                    } else {
                        rule.put("security_severity_level", severity);
                    }
                    a.put("fixed_at", state.equals("fixed") && !withoutCloseTime ? at.toString() : null);
                    a.put("dismissed_at", state.equals("dismissed") ? at.toString() : null);
                    a.put("dismissed_reason", reason);
                }
                case "dependabot" -> {
                    a.put("state", state);
                    ((ObjectNode) a.get("security_advisory")).put("severity", severity);
                    a.put("fixed_at", state.equals("fixed") ? at.toString() : null);
                    a.put("dismissed_at", state.equals("dismissed") ? at.toString() : null);
                    a.put("dismissed_reason", reason);
                }
                default -> {
                    a.put("state", state.equals("open") ? "open" : "resolved");
                    a.put("resolution", reason);
                    a.put("resolved_at", state.equals("open") ? null : at.toString());
                }
            }
            Instant received = receivedAt != null ? receivedAt : arrival != null ? arrival : at.plusSeconds(2);
            arrival = null;
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            // signed as GitHub signs webhooks (X-Hub-Signature-256), which ingest keeps with the delivery
            Delivery d = new Delivery(event, UUID.randomUUID().toString(), null, null, null, received, bytes,
                    io.alertlake.ingest.SignatureVerifier.sign("test-lake-secret", bytes));
            lastDelivery = d;
            write(d);
            return this;
        }
    }

    /** Maps and writes one delivery as its own Parquet files, like a one-delivery flush. */
    public void write(Delivery d) {
        Mapped mapped = mapper.map(d);
        String batch = "batch-" + (++files);
        try {
            for (Mapped.Finding f : mapped.findings()) {
                Path dir = root.resolve(LakePaths.FINDINGS + f.partition().path());
                Files.createDirectories(dir);
                Files.write(dir.resolve(batch + ".parquet"), ParquetFiles.write(FindingSchema.finding(), List.of(f.record())));
            }
            List<org.apache.avro.generic.GenericRecord> repos = new ArrayList<>();
            for (Mapped.RepositoryRow r : mapped.repositories()) {
                repos.add(r.record());
            }
            if (!repos.isEmpty()) {
                Path dir = root.resolve(LakePaths.REPOSITORIES + "day=" + mapped.repositories().get(0).day());
                Files.createDirectories(dir);
                Files.write(dir.resolve(batch + ".parquet"), ParquetFiles.write(FindingSchema.repository(), repos));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
