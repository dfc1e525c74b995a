package io.alertlake.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Realistic demo deliveries built from GitHub's example payloads: several orgs and repositories, all three
 * alert types, fixes, dismissals (some false positives), reopen cycles and alerts still open, spread over the
 * months before {@code end}. The same seed and end give the same deliveries, delivery ids included, so
 * replaying the demo twice adds nothing new.
 */
public final class DemoDeliveries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ObjectNode> TEMPLATES = new ConcurrentHashMap<>();
    private static final String[][] REPOS = {
            {"octo-bank", "payments-api"}, {"octo-bank", "mobile-app"}, {"octo-bank", "ledger"},
            {"acme-health", "patient-portal"}, {"acme-health", "fhir-gateway"},
            {"globex", "storefront"}, {"globex", "inventory.service"}, {"globex", "Data_Pipeline"}};
    private static final String[] CODE_RULES = {"js/sql-injection|error|critical", "java/path-injection|error|high",
            "py/clear-text-logging-sensitive-data|warning|high", "js/xss|error|medium", "go/unsafe-quoting|warning|medium",
            "java/weak-cryptographic-algorithm|warning|low", "js/unused-local-variable|note|"};
    private static final String[] DEPENDABOT = {"lodash|GHSA-35jh-r3h4-6jhm|critical", "semver|GHSA-c2qf-rxjj-qqgw|moderate",
            "jackson-databind|GHSA-57j2-w4cx-62h2|high", "requests|GHSA-j8r2-6x86-q33q|moderate", "minimist|GHSA-xvch-5gv4-984h|low"};
    private static final String[] SECRETS = {"github_personal_access_token", "aws_access_key_id", "slack_api_token",
            "stripe_api_key"};

    private DemoDeliveries() {
    }

    /** One generated webhook delivery. */
    public record Demo(String event, String deliveryId, Instant at, byte[] body) {
    }

    /** The deliveries of {@code months} months before {@code end}, oldest first. */
    public static List<Demo> generate(long seed, LocalDate end, int months) {
        Random random = new Random(seed);
        Instant stop = end.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant start = end.minusMonths(months).atStartOfDay().toInstant(ZoneOffset.UTC);
        long span = Duration.between(start, stop).toSeconds();
        List<Demo> all = new ArrayList<>();
        for (int r = 0; r < REPOS.length; r++) {
            int alerts = 12 + random.nextInt(18);
            for (int n = 1; n <= alerts; n++) {
                String type = switch (random.nextInt(10)) {
                    case 0, 1, 2, 3 -> "code_scanning_alert";
                    case 4, 5, 6, 7, 8 -> "dependabot_alert";
                    default -> "secret_scanning_alert";
                };
                Instant created = start.plusSeconds((long) (random.nextDouble() * span * 0.95));
                all.addAll(lifecycle(random, type, r, n, created, stop));
            }
        }
        all.sort(Comparator.comparing(Demo::at));
        return all;
    }

    private static List<Demo> lifecycle(Random random, String type, int repoIndex, int number, Instant created,
                                        Instant stop) {
        List<Demo> events = new ArrayList<>();
        Alert alert = new Alert(type, repoIndex, number, random.nextInt(1000));
        events.add(alert.event(created, "created", "open", null, created));
        Instant t = created;
        int cycles = random.nextInt(10) == 0 ? 2 : 1; // one alert in ten is reopened once
        for (int c = 0; c < cycles; c++) {
            double daysToClose = Math.exp(random.nextGaussian() * 1.1 + Math.log(alert.typicalDays()));
            Instant closeAt = t.plusSeconds((long) (daysToClose * 86_400));
            if (random.nextInt(6) == 0 || !closeAt.isBefore(stop)) {
                break; // still open
            }
            boolean dismiss = random.nextInt(4) == 0;
            events.add(dismiss ? alert.dismissal(closeAt, created, random) : alert.fix(closeAt, created));
            t = closeAt;
            if (c + 1 < cycles) {
                Instant reopenAt = t.plusSeconds(86_400L * (1 + random.nextInt(20)));
                if (!reopenAt.isBefore(stop)) {
                    break;
                }
                events.add(alert.event(reopenAt, "reopened", "open", null, created));
                t = reopenAt;
            }
        }
        return events;
    }

    /** One demo alert: which template, repository and rule it uses. */
    private record Alert(String event, int repoIndex, int number, int variant) {

        double typicalDays() {
            return switch (event) {
                case "secret_scanning_alert" -> 3;
                case "code_scanning_alert" -> 25;
                default -> 40;
            };
        }

        Demo fix(Instant at, Instant created) {
            return switch (event) {
                case "secret_scanning_alert" -> event(at, "resolved", "resolved", "revoked", created);
                default -> event(at, "fixed", "fixed", null, created);
            };
        }

        Demo dismissal(Instant at, Instant created, Random random) {
            return switch (event) {
                case "secret_scanning_alert" -> event(at, "resolved", "resolved",
                        random.nextBoolean() ? "false_positive" : "used_in_tests", created);
                case "code_scanning_alert" -> event(at, "closed_by_user", "dismissed",
                        random.nextBoolean() ? "false positive" : "won't fix", created);
                default -> event(at, "dismissed", "dismissed",
                        random.nextBoolean() ? "tolerable_risk" : "inaccurate", created);
            };
        }

        Demo event(Instant at, String action, String state, String reason, Instant created) {
            ObjectNode body = template(event);
            String org = REPOS[repoIndex][0];
            String repo = REPOS[repoIndex][1];
            body.put("action", action);
            ObjectNode repository = (ObjectNode) body.get("repository");
            repository.put("id", 900_000 + repoIndex);
            repository.put("name", repo);
            repository.put("full_name", org + "/" + repo);
            repository.put("default_branch", "main");
            ((ObjectNode) repository.get("owner")).put("login", org);
            ObjectNode organization = body.putObject("organization");
            organization.put("login", org);
            organization.put("id", 800_000 + repoIndex / 3);
            ObjectNode a = (ObjectNode) body.get("alert");
            a.put("number", number);
            a.put("created_at", created.toString());
            a.put("updated_at", at.toString());
            a.put("html_url", "https://github.com/" + org + "/" + repo + "/security/" + path() + "/" + number);
            switch (event) {
                case "code_scanning_alert" -> codeScanning(body, a, at, state, reason);
                case "dependabot_alert" -> dependabot(a, at, state, reason);
                default -> secretScanning(a, at, state, reason);
            }
            String id = UUID.nameUUIDFromBytes((org + repo + event + number + action + at)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            try {
                return new Demo(event, id, at, JSON.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String path() {
            return switch (event) {
                case "code_scanning_alert" -> "code-scanning";
                case "dependabot_alert" -> "dependabot";
                default -> "secret-scanning";
            };
        }

        private void codeScanning(ObjectNode body, ObjectNode a, Instant at, String state, String reason) {
            String[] rule = CODE_RULES[variant % CODE_RULES.length].split("\\|", -1);
            body.put("ref", state.equals("dismissed") ? "" : "refs/heads/main");
            a.put("state", state);
            ObjectNode r = (ObjectNode) a.get("rule");
            r.put("id", rule[0]);
            r.put("severity", rule[1]);
            if (rule[2].isEmpty()) {
                r.remove("security_severity_level");
            } else {
                r.put("security_severity_level", rule[2]);
            }
            ((ObjectNode) a.get("tool")).put("name", variant % 5 == 0 ? "Semgrep" : "CodeQL");
            a.put("fixed_at", state.equals("fixed") ? at.toString() : null);
            a.put("dismissed_at", state.equals("dismissed") ? at.toString() : null);
            a.put("dismissed_reason", reason);
        }

        private void dependabot(ObjectNode a, Instant at, String state, String reason) {
            String[] dep = DEPENDABOT[variant % DEPENDABOT.length].split("\\|");
            a.put("state", state);
            ((ObjectNode) a.get("dependency").get("package")).put("name", dep[0]);
            ObjectNode advisory = (ObjectNode) a.get("security_advisory");
            advisory.put("ghsa_id", dep[1]);
            advisory.put("severity", dep[2]);
            ((ObjectNode) a.get("security_vulnerability")).put("severity", dep[2]);
            a.put("fixed_at", state.equals("fixed") ? at.toString() : null);
            a.put("dismissed_at", state.equals("dismissed") ? at.toString() : null);
            a.put("dismissed_reason", reason);
        }

        private void secretScanning(ObjectNode a, Instant at, String state, String resolution) {
            a.put("secret_type", SECRETS[variant % SECRETS.length]);
            a.put("state", state.equals("resolved") ? "resolved" : "open");
            a.put("resolution", resolution);
            a.put("resolved_at", state.equals("resolved") ? at.toString() : null);
        }
    }

    /** A copy of the event's template, read and parsed once. */
    private static ObjectNode template(String event) {
        return TEMPLATES.computeIfAbsent(event, DemoDeliveries::readTemplate).deepCopy();
    }

    private static ObjectNode readTemplate(String event) {
        try (InputStream in = DemoDeliveries.class.getResourceAsStream("/demo/" + event + ".json")) {
            JsonNode node = JSON.readTree(in);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
