package io.alertlake.bench;

import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.DeliveryMessages;
import io.alertlake.local.StandInsResource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The packaged consumer draining a queue whose every request takes a network round trip: ElasticMQ behind a
 * {@link DelayingProxy} (SQS's own protocol, answers one round trip later, as SQS in the consumer's region answers),
 * s3proxy for S3 (the round trips of uploads are {@code UploadBench}'s subject). N synthetic deliveries are queued
 * (straight to ElasticMQ, as ingest would have queued them), then the application is started in aws mode with the
 * consume role and {@code alertlake.consumer.receivers} set to each count in turn, and timed from its first receive
 * until the queue is empty (every delivery flushed and deleted). Run by bench/consume/drain.sh, not by the tests.
 */
public final class DrainBench {

    public static void main(String[] args) throws Exception {
        BenchLogging.likeTheService();
        System.setProperty("bench.months", System.getProperty("bench.months", "1"));
        int n = args.length == 0 ? 200_000 : Integer.parseInt(args[0]);
        int roundTripMs = Integer.getInteger("bench.rtt-ms", 20);
        int[] receiverCounts = Arrays.stream(System.getProperty("bench.receivers", "2,16,64").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        String consumerCpus = System.getProperty("bench.consumer-cpus", "");
        String consumerHeap = System.getProperty("bench.consumer-heap", "1536m");
        // the receive rate is also given after this many deliveries were received: a warm JVM's, past a flush
        int warm = Integer.getInteger("bench.warm", Math.min(100_000, n / 2));

        Map<String, String> standIns = new StandInsResource().start();
        URI sqsEndpoint = URI.create(standIns.get("alertlake.queue.endpoint"));
        try (DelayingProxy proxy = new DelayingProxy(sqsEndpoint.getPort(), roundTripMs);
             SqsAsyncClient sqs = SqsAsyncClient.builder().endpointOverride(sqsEndpoint).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
                     .build()) {
            String queueUrl = sqs.getQueueUrl(b -> b.queueName("alertlake-deliveries")).join().queueUrl();
            System.out.printf("%d deliveries a run (spread over %s months); every SQS request answered one %d ms round trip "
                            + "later; consumer: the packaged application, heap %s%s; %d cores on the machine%n%n", n,
                    System.getProperty("bench.months"),
                    roundTripMs, consumerHeap, consumerCpus.isEmpty() ? "" : ", on CPU " + consumerCpus
                            + " (taskset; the stand-ins and this harness on the others)",
                    Runtime.getRuntime().availableProcessors());
            System.out.println("| receivers | seconds to receive all | seconds until the queue is empty | deliveries/s "
                    + "| received/s after the first " + warm + " | consumer CPU µs a delivery | SQS connections opened |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (int receivers : receiverCounts) {
                long queueing = System.nanoTime();
                enqueue(sqs, queueUrl, n);
                System.err.printf("queued %d deliveries in %.1f s%n", n, (System.nanoTime() - queueing) / 1e9);
                int connectionsBefore = proxy.connections();
                Map<String, String> settings = new java.util.LinkedHashMap<>(standIns);
                settings.put("alertlake.roles", "consume");
                settings.put("alertlake.queue.endpoint", "http://127.0.0.1:" + proxy.port());
                settings.put("alertlake.consumer.receivers", Integer.toString(receivers));
                settings.remove("alertlake.consumer.flush-interval"); // aws mode's default: 60 s
                settings.put("alertlake.consumer.poll-wait", "20s");
                settings.put("quarkus.http.port", Integer.toString(freePort()));
                settings.put("quarkus.log.category.\"io.alertlake.consume\".level", "DEBUG"); // a line per flush
                Process app = start(settings, consumerCpus, consumerHeap);
                try {
                    Drained d = drain(sqs, queueUrl, n, warm, app);
                    System.out.printf("| %d | %.1f | %.1f | %.0f | %.0f | %.0f | %d |%n", receivers, d.received(),
                            d.empty(), n / d.empty(), (n - warm) / (d.received() - d.warmAt()),
                            d.cpuSeconds() * 1e6 / n, proxy.connections() - connectionsBefore);
                    System.err.println("consumer CPU seconds by thread, startup included: " + cpuByThread(app));
                } finally {
                    app.destroy();
                    app.waitFor();
                }
            }
        } finally {
            System.exit(0); // the stand-ins' threads are not daemons
        }
    }

    /** Queues n deliveries as ingest queues them, 32 batch calls at a time. */
    private static void enqueue(SqsAsyncClient sqs, String queueUrl, int n) {
        Iterator<Delivery> deliveries = ConsumeBench.deliveries(n);
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        while (deliveries.hasNext()) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            while (deliveries.hasNext() && entries.size() < 10) {
                DeliveryMessages.Outgoing o = DeliveryMessages.inline(deliveries.next());
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                        .messageBody(o.body()).messageAttributes(o.attributes()).build());
            }
            inFlight.add(sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)).thenAccept(r -> {
                if (!r.failed().isEmpty()) {
                    throw new IllegalStateException("queueing failed: " + r.failed().get(0));
                }
            }));
            if (inFlight.size() == 32) {
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                inFlight.clear();
            }
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    }

    private static Process start(Map<String, String> settings, String cpus, String heap) throws Exception {
        List<String> command = new ArrayList<>();
        if (!cpus.isEmpty()) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch"));
        String jfr = System.getProperty("bench.consumer-jfr", "");
        if (!jfr.isEmpty()) { // a flight recording of the consumer, written when it stops
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr);
        }
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        Path log = Files.createTempFile("drain-consumer", ".log");
        System.err.println("consumer log: " + log);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The process's CPU time, user and system, from /proc (Linux); its startup's is taken off by the caller. */
    private static double cpuSeconds(Process p) throws Exception {
        String[] stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat")).split("\\) ")[1].split(" ");
        return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0; // fields 14 and 15, in clock ticks
    }

    /** CPU seconds by thread name (digits dropped: a pool's threads together), from /proc (Linux). */
    private static Map<String, Double> cpuByThread(Process p) throws Exception {
        Map<String, Double> seconds = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                seconds.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0, Double::sum);
            }
        }
        seconds.values().removeIf(v -> v < 0.5);
        return seconds;
    }

    private record Drained(double warmAt, double received, double empty, double cpuSeconds) {
    }

    /**
     * Seconds from the first receive until nothing is visible, and until nothing is left (flushed and deleted), and
     * the consumer's CPU time meanwhile (its startup's left out).
     */
    private static Drained drain(SqsAsyncClient sqs, String queueUrl, int n, int warm, Process app) throws Exception {
        long started = 0;
        double warmAt = -1;
        double received = -1;
        double cpuAtStart = 0;
        while (true) {
            if (!app.isAlive()) {
                throw new IllegalStateException("the consumer exited with " + app.exitValue());
            }
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .join().attributes();
            long visible = Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            long hidden = Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
            long now = System.nanoTime();
            if (started == 0 && visible < n) {
                started = now;
                cpuAtStart = cpuSeconds(app);
            }
            if (started != 0 && warmAt < 0 && visible <= n - warm) {
                warmAt = (now - started) / 1e9;
            }
            if (started != 0 && received < 0 && visible == 0) {
                received = (now - started) / 1e9;
            }
            if (started != 0 && visible == 0 && hidden == 0) {
                return new Drained(warmAt, received, (now - started) / 1e9, cpuSeconds(app) - cpuAtStart);
            }
            Thread.sleep(50);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private DrainBench() {
    }
}
