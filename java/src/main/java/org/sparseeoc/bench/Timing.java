package org.sparseeoc.bench;

import java.util.Arrays;

/**
 * Per-call time statistics of one benchmarked operation, from {@code batches} batch means.
 *
 * @param name operation name
 * @param medianNanos median per-call time
 * @param p10Nanos 10th percentile of batch means
 * @param p90Nanos 90th percentile of batch means
 * @param batches number of timed batches
 * @param callsPerBatch calls in each batch
 */
public record Timing(
        String name, double medianNanos, double p10Nanos, double p90Nanos, int batches, int callsPerBatch) {

    /**
     * Times {@code op}: warm-up for {@code warmupNanos} (at least one call), then {@code batches}
     * batches, each sized from the warm-up's mean call time to last about {@code batchNanos}.
     */
    public static Timing measure(String name, Runnable op, long warmupNanos, long batchNanos, int batches) {
        long start = System.nanoTime();
        int warmCalls = 0;
        do { // at least one call, so that a zero warm-up still measures the batch size
            op.run();
            warmCalls++;
        } while (System.nanoTime() - start < warmupNanos);
        double perCall = (double) (System.nanoTime() - start) / warmCalls;
        int calls = (int) Math.max(1, Math.min(1_000_000, batchNanos / Math.max(1.0, perCall)));
        double[] means = new double[batches];
        for (int b = 0; b < batches; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                op.run();
            }
            means[b] = (double) (System.nanoTime() - t0) / calls;
        }
        Arrays.sort(means);
        return new Timing(name, quantile(means, 0.5), quantile(means, 0.1), quantile(means, 0.9), batches, calls);
    }

    /** Linear-interpolated quantile of sorted values. */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
