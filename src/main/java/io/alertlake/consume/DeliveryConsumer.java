package io.alertlake.consume;

import io.alertlake.aws.QueueUrls;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.config.Role;
import io.alertlake.delivery.Delivery;
import io.alertlake.lake.RawArchive;
import io.alertlake.ocsf.Mapped;
import io.alertlake.ocsf.OcsfMapper;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drains the delivery queue into the lake. Several receivers long-poll SQS and map each delivery to OCSF
 * records into the current {@link Batch}; a single flusher writes the batch when it reaches the record count or
 * the age limit, and on shutdown, and archives the bodies it holds ahead of the flush when they reach the byte
 * size. Messages are deleted only after their batch is written.
 */
@Singleton
public class DeliveryConsumer {

    private static final Logger LOG = Logger.getLogger(DeliveryConsumer.class);
    /** The flush loop's thread. */
    private static final String FLUSHER = "lake-flusher";

    private final AlertlakeConfig config;
    private final SqsAsyncClient sqs;
    private final QueueUrls queues;
    private final DeliveryDecoder decoder;
    private final OcsfMapper mapper;
    private final BatchFlusher flusher;
    private final ConsumerMetrics metrics;
    private final Duration flushInterval;
    private final Object lock = new Object();
    private Batch current = new Batch();
    /** The batch being flushed, while it is. */
    private Batch flushing;
    private volatile boolean running;
    /** The Error that ended a receiver or the flush loop; null while the consumer works. */
    private volatile Throwable failure;
    /** False once the flusher died: the receivers stop too (local mode lives on without it; aws mode exits). */
    private volatile boolean receiving = true;
    private ExecutorService receivers;
    private ScheduledExecutorService flushLoop;
    /** Extends the visibility of a batch whose flush runs long; one thread for the consumer's lifetime. */
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            named("visibility-heartbeat"));

    DeliveryConsumer(AlertlakeConfig config, SqsAsyncClient sqs, QueueUrls queues, DeliveryDecoder decoder,
                     OcsfMapper mapper, BatchFlusher flusher, ConsumerMetrics metrics) {
        this.config = config;
        this.sqs = sqs;
        this.queues = queues;
        this.decoder = decoder;
        this.mapper = mapper;
        this.flusher = flusher;
        this.metrics = metrics;
        this.flushInterval = config.flushInterval();
    }

    /** Seconds since the oldest message held unwritten (in the batch filling up or the one being flushed) was sent. */
    double lagSeconds() {
        long oldest;
        synchronized (lock) {
            Batch writing = flushing;
            oldest = Math.min(current.oldestSentMillis, writing == null ? Long.MAX_VALUE : writing.oldestSentMillis);
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
    }

    void onStart(@Observes @Priority(200) StartupEvent event) {
        if (config.runs(Role.CONSUME)) {
            start();
        }
    }

    /** Early among shutdown observers: the queue and S3 (in local mode, stand-ins in this process) are still up. */
    void onStop(@Observes @Priority(100) ShutdownEvent event) {
        stop();
    }

    /** Starts the receivers and the flush loop. */
    public synchronized void start() {
        if (running) {
            return;
        }
        if (flushInterval.multipliedBy(2).compareTo(config.queue().visibilityTimeout()) > 0) {
            // a batch's messages are first extended when its flush starts: closer to the visibility timeout than
            // half, its first messages could become visible again, and be received twice, before that
            throw new IllegalStateException("alertlake.consumer.flush-interval (" + flushInterval
                    + ") must be at most half of alertlake.queue.visibility-timeout ("
                    + config.queue().visibilityTimeout() + ")");
        }
        running = true;
        metrics.lagFrom(this::lagSeconds);
        int count = config.receivers();
        receivers = Executors.newFixedThreadPool(count, named("sqs-receiver"));
        for (int i = 0; i < count; i++) {
            receivers.submit(this::receiveLoop);
        }
        flushLoop = Executors.newSingleThreadScheduledExecutor(named(FLUSHER));
        flushLoop.scheduleWithFixedDelay(this::flushIfDue, 200, 200, TimeUnit.MILLISECONDS);
        LOG.infof("consumer started: %d receivers, flush every %ss or %d records", count,
                flushInterval.toMillis() / 1000.0, config.consumer().flushRecords());
    }

    /**
     * Stops receiving, then flushes what is buffered so nothing waits for a redelivery. In local mode the queue
     * lives in this process and ends with it: what it still holds is received and flushed too.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        receivers.shutdown();
        flushLoop.shutdown();
        try {
            receivers.awaitTermination(config.pollWait().toSeconds() + 5, TimeUnit.SECONDS);
            // the flush or archive in progress must end first: the last flush below takes the same batch
            while (!flushLoop.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.info("stopping: waiting for the flush in progress to end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (config.isLocal()) {
            drainLocalQueue();
        }
        flushNow();
        if (config.isLocal()) {
            reportLostLocally();
        }
    }

    /**
     * Deliveries still invisible once the last flush is done were received before and never deleted (their flush
     * failed, and they wait out the visibility timeout): the local queue ends with the process, and them with it.
     */
    private void reportLostLocally() {
        try {
            QueueAttributeName notVisible = QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE;
            String invisible = sqs.getQueueAttributes(r -> r.queueUrl(queues.deliveries()).attributeNames(notVisible))
                    .get(5, TimeUnit.SECONDS).attributes().getOrDefault(notVisible, "0");
            if (!"0".equals(invisible)) {
                LOG.errorf("%s deliveries whose flush failed earlier are still invisible on the local queue, which "
                        + "ends with the service: they are lost (GitHub can redeliver them from the hook's Recent "
                        + "Deliveries)", invisible);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("could not tell whether deliveries are left invisible on the local queue: %s", e.toString());
        }
    }

    /** Receives, without waiting, until the (in-process) queue has nothing visible left, flushing full batches. */
    private void drainLocalQueue() {
        int drained = 0;
        try {
            while (true) {
                List<Message> messages = receive(0);
                if (messages.isEmpty()) {
                    break;
                }
                for (Message m : messages) {
                    accept(m);
                }
                drained += messages.size();
                if (overFull()) {
                    flushNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("draining the local queue before stopping failed after %d deliveries: %s", drained, e.toString());
        }
        if (drained > 0) {
            LOG.infof("received the %d deliveries left on the local queue before stopping", drained);
        }
    }

    /**
     * Deliveries in the batch filling up (tests wait on it: a message is invisible once received, and in the batch
     * only once its receiver has mapped it).
     */
    int held() {
        synchronized (lock) {
            return current.messages.size();
        }
    }

    /** Flushes the current batch now (also used by tests and the shutdown path). */
    public void flushNow() {
        Batch batch;
        synchronized (lock) {
            batch = current;
            current = new Batch();
            flushing = batch;
        }
        try {
            extendingVisibility(batch, () -> flusher.flush(batch));
        } catch (RuntimeException e) {
            metrics.flushFailed();
            if (!running && config.isLocal()) {
                // the local queue lives in this process and ends with it: nothing will receive them again
                LOG.errorf("the last flush of %d deliveries failed as the service stops, and the local queue ends with "
                        + "it: they are lost (GitHub can redeliver them from the hook's Recent Deliveries): %s",
                        batch.messages.size(), e.toString());
            } else {
                LOG.errorf("flush of %d deliveries failed; they stay on the queue and will be received again: %s",
                        batch.messages.size(), e.toString());
            }
        } finally {
            synchronized (lock) {
                flushing = null;
            }
        }
    }

    /**
     * Runs {@code work} (a flush of {@code batch}, or the raw archive of the batch filling up), extending, every half
     * visibility timeout of the batch's age, the visibility of its messages, so that no other receiver picks up
     * messages that are still being written; and that of the batch filling up meanwhile, which waits for this work
     * to end before its own flush can start.
     */
    private void extendingVisibility(Batch batch, Runnable work) {
        long extendEvery = Math.max(1, config.queue().visibilityTimeout().toMillis() / 2);
        long age = Duration.between(batch.openedAt, java.time.Instant.now()).toMillis();
        var extension = heartbeat.scheduleAtFixedRate(() -> {
                    List<Message> flushing;
                    List<Message> waiting;
                    synchronized (lock) {
                        flushing = batch == current ? List.of() : List.copyOf(batch.messages);
                        waiting = List.copyOf(current.messages);
                    }
                    int seconds = (int) config.queue().visibilityTimeout().toSeconds();
                    flusher.extendVisibility(flushing, seconds);
                    flusher.extendVisibility(waiting, seconds);
                }, Math.max(0, extendEvery - age), extendEvery, TimeUnit.MILLISECONDS);
        try {
            work.run();
        } finally {
            extension.cancel(false);
        }
    }

    private void flushIfDue() {
        try {
            flushOrArchiveIfDue();
        } catch (Error e) {
            failed(FLUSHER, e);
            throw e; // ends the flush loop
        }
    }

    private void flushOrArchiveIfDue() {
        boolean due;
        boolean archive;
        Batch batch;
        synchronized (lock) {
            batch = current;
            due = current.flushDue(config.consumer().flushRecords(), config.consumer().flushBytes().asLongValue(),
                    flushInterval, java.time.Instant.now());
            archive = !due && current.archiveDue(config.consumer().flushBytes().asLongValue());
        }
        if (due) {
            flushNow();
        } else if (archive) {
            archiveRaw(batch);
        }
    }

    /**
     * Writes the raw archive of the deliveries the batch holds so far and lets go of their bodies, which take
     * several times the memory of their mapped records: a backlog (a backfill, a consumer that was down) is then
     * flushed in batches of {@code flush-records} records instead of a few thousand deliveries, i.e. in fewer,
     * fuller Parquet files. Nothing is acknowledged here; the messages are deleted by the batch's flush, so a
     * crash in between only archives those deliveries twice. A failed write leaves the lines to the flush.
     */
    void archiveRaw(Batch batch) {
        List<RawArchive.Line> lines;
        int messages;
        long bytes;
        synchronized (lock) {
            lines = List.copyOf(batch.raw);
            messages = batch.messages.size();
            bytes = batch.bytes;
        }
        try {
            // a slow S3 must not let the batch's messages reappear while their bodies are archived
            extendingVisibility(batch, () -> flusher.archiveRaw(batch, lines));
        } catch (RuntimeException e) {
            LOG.warnf("archiving %d deliveries ahead of the flush failed; the flush will: %s", lines.size(), e.toString());
            synchronized (lock) {
                batch.archiveFailed();
            }
            return;
        }
        synchronized (lock) {
            batch.raw.subList(0, lines.size()).clear();
            batch.bytes -= bytes;
            for (int i = 0; i < messages; i++) {
                // the receipt handle and attributes are all the flush needs from a message
                batch.messages.set(i, batch.messages.get(i).toBuilder().body("").build());
            }
        }
    }

    private void receiveLoop() {
        while (running && receiving) {
            try {
                if (overFull()) {
                    Thread.sleep(50); // back-pressure: let the flusher catch up
                    continue;
                }
                for (Message m : receive(pollWaitSeconds(config.pollWait()))) {
                    accept(m);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("receiving from the queue failed, retrying: %s", e.toString());
                    sleepQuietly(1000);
                }
            } catch (Error e) {
                failed("sqs-receiver", e);
                return;
            }
        }
    }

    /**
     * A receiver or the flush loop died of an Error (out of memory, a class missing from a native image, a stack
     * overflow on one delivery): the thread is gone, and a consumer that looks alive but no longer drains the queue
     * is worse than one that stops. What it had not flushed is still on the queue and is received again — by a
     * fresh task: outside local mode the process exits non-zero and the orchestrator replaces it, and a delivery
     * that kills every consumer that maps it reaches the dead-letter queue after five receives. Liveness
     * ({@code /q/health/live}) reports it down either way.
     */
    private void failed(String thread, Error e) {
        failure = e;
        if (thread.equals(FLUSHER)) {
            // nothing flushes what they would receive: it would come back, again and again, to the dead-letter queue
            receiving = false;
        }
        LOG.fatalf(e, "the consumer's %s thread died; deliveries not yet flushed stay on the queue and are received "
                + "again%s", thread, config.isLocal() ? "" : "; exiting so that a fresh consumer takes over");
        if (!config.isLocal()) {
            Quarkus.asyncExit(1);
        }
    }

    /** The Error that ended one of the consumer's threads, if one did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * The long poll's wait in whole seconds, 1 to 20 (SQS's range): under a second would be 0, a short poll, and
     * receivers on an empty queue would then ask SQS without pause.
     */
    static int pollWaitSeconds(Duration pollWait) {
        return (int) Math.max(1, Math.min(20, pollWait.toSeconds()));
    }

    /** Up to 10 messages, long-polling for up to {@code waitSeconds}; each hidden for the visibility timeout. */
    private List<Message> receive(int waitSeconds) throws Exception {
        return sqs.receiveMessage(r -> r.queueUrl(queues.deliveries())
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(waitSeconds)
                        .visibilityTimeout((int) config.queue().visibilityTimeout().toSeconds())
                        .messageAttributeNames("All")
                        .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP))
                .get(waitSeconds + 30L, TimeUnit.SECONDS).messages();
    }

    /** Maps one message into the current batch; transient failures leave it on the queue. */
    void accept(Message m) {
        process(m).ifPresent(p -> {
            synchronized (lock) {
                p.addTo(current);
            }
        });
    }

    /** Maps one message into {@code b} (for tests that drive a batch by hand). */
    void acceptInto(Batch b, Message m) {
        process(m).ifPresent(p -> p.addTo(b));
    }

    /**
     * Decodes and maps a message outside the batch lock. Empty when a transient failure (S3 unreachable
     * for a claim check) means the message should simply be received again.
     */
    private Optional<Processed> process(Message m) {
        DeliveryDecoder.Decoded decoded;
        try {
            decoded = decoder.decode(m);
        } catch (RuntimeException transientFailure) {
            metrics.deferred();
            LOG.warnf("message %s not processed now, it will be received again: %s", m.messageId(),
                    transientFailure.toString());
            return Optional.empty();
        }
        if (decoded.notADelivery() != null) {
            return Optional.of(new Processed(m, decoded.delivery(), null, decoded.notADelivery()));
        }
        Delivery delivery = decoded.delivery();
        try {
            return Optional.of(new Processed(m, delivery, mapper.map(delivery), null));
        } catch (RuntimeException e) {
            return Optional.of(new Processed(m, delivery, null, reason(e)));
        }
    }

    /** Why a delivery is quarantined, as its quarantine line says: the error's message, else the error itself. */
    static String reason(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** A message with its delivery and either its mapped records or the reason it is quarantined. */
    private record Processed(Message message, Delivery delivery, Mapped mapped, String error) {
        void addTo(Batch b) {
            b.received(message, delivery.body().length);
            if (error != null) {
                b.quarantine(new RawArchive.Line(delivery, error));
                // the raw archive holds every delivery: after a mapping fix, a replay maps it from there
                b.raw.add(new RawArchive.Line(delivery, null));
                // terraform/alarms.tf counts these lines by "quarantined:"
                LOG.warnf("delivery %s (%s) quarantined: %s", delivery.deliveryId(), delivery.event(), error);
            } else {
                b.raw.add(RawArchive.Line.mapped(delivery, mapped));
                add(b, mapped);
            }
        }
    }

    static void add(Batch b, Mapped mapped) {
        for (var f : mapped.findings()) {
            b.findings.computeIfAbsent(f.partition(), k -> new ArrayList<>()).add(f.record());
            b.records++;
        }
        for (var r : mapped.repositories()) {
            b.repositoriesByDay.computeIfAbsent(r.day(), k -> new ArrayList<>()).add(r.record());
        }
    }

    /**
     * Back-pressure: receivers wait while the buffer holds a full batch that the flusher has not taken yet (it is
     * still writing the previous one), or bodies the raw archive has not caught up with. At most two batches of
     * records are in memory: the one being written and a full one.
     */
    private boolean overFull() {
        synchronized (lock) {
            return current.overFull(config.consumer().flushRecords(), config.consumer().flushBytes().asLongValue());
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
