package org.sparseeoc.backend.cpu;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits a loop over output rows [0, rows) into contiguous parts run at the same time: the calling
 * thread takes part 0, pooled daemon threads the others, and the call returns when every part is
 * done. Each output row is computed by one thread, in the same order whatever the split, so results
 * do not depend on the thread count. With one thread everything runs on the caller and no pool
 * exists.
 *
 * <p>Why parked pool threads and not spinning ones: on the 2-core target a spinning worker would take
 * the core OpenBLAS needs for the next GEMM (see {@link CpuOps}).
 */
final class RowParallel implements AutoCloseable {
    /** Rows below which a part is not worth a hand-off (which costs some microseconds). */
    static final int MIN_ROWS_PER_PART = 8;

    /** One part of the loop: rows [from, to), numbered part (0 = the caller) for per-part scratch. */
    @FunctionalInterface
    interface Part {
        void run(int part, int from, int to);
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;

    /** threads − 1 workers; null with one thread. */
    private final ExecutorService pool;

    RowParallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            pool = null;
        } else {
            String name = "sparse-eoc-sparse-" + POOLS.incrementAndGet() + "-";
            AtomicInteger workers = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads - 1, task -> {
                Thread t = new Thread(task, name + workers.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    int threads() {
        return threads;
    }

    /** Runs {@code task} over [0, rows) in up to {@link #threads} parts of ≥ MIN_ROWS_PER_PART rows. */
    void run(int rows, Part task) {
        int parts = Math.min(threads, Math.max(1, rows / MIN_ROWS_PER_PART));
        if (parts == 1) {
            task.run(0, 0, rows);
            return;
        }
        Future<?>[] others = new Future<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            int from = bound(p, parts, rows);
            int to = bound(p + 1, parts, rows);
            others[p - 1] = pool.submit(() -> task.run(part, from, to));
        }
        try {
            task.run(0, 0, bound(1, parts, rows));
        } finally {
            joinAll(others); // even when the caller's part failed: no worker may outlive the call
        }
    }

    /** First row of part p of parts over rows. */
    private static int bound(int p, int parts, int rows) {
        return (int) ((long) rows * p / parts);
    }

    /** Waits for every future; rethrows the first failure (unchecked) after all have ended. */
    private static void joinAll(Future<?>[] futures) {
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: the part still writes the caller's buffers
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r
                                ? r
                                : new IllegalStateException("sparse product part failed", e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the workers (idempotent). */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
