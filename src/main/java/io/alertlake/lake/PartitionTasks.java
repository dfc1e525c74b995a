package io.alertlake.lake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one task per partition on a few threads. Encoding Parquet is CPU work and a flush of a backfill holds
 * thousands of partitions, so a flush uses every core instead of one; the S3 PUTs overlap with encoding too.
 */
public final class PartitionTasks implements AutoCloseable {

    private final ExecutorService pool;

    public PartitionTasks(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "lake-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Applies {@code task} to every key and returns the results in key order; the first failure is rethrown, an
     * {@link Error} as it is (out of memory in a writer must end the consumer as it would on any other thread,
     * not read as one failed flush after another).
     */
    public <K, R> List<R> map(Collection<K> keys, Function<K, R> task) {
        List<Future<R>> futures = new ArrayList<>(keys.size());
        for (K key : keys) {
            futures.add(pool.submit(() -> task.apply(key)));
        }
        List<R> results = new ArrayList<>(futures.size());
        Throwable failure = null;
        for (Future<R> f : futures) {
            try {
                results.add(f.get()); // wait for all, so no task still writes once the caller gives up
            } catch (ExecutionException e) {
                if (failure == null || e.getCause() instanceof Error && !(failure instanceof Error)) {
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the lake", e);
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        } else if (failure instanceof Error e) {
            throw e;
        } else if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
