package org.sparseeoc.bench;

import java.util.Arrays;
import org.sparseeoc.backend.cuda.Device;

/**
 * Timing of GPU work, whose launches return before the work is done: each timed batch is {@code
 * calls} launches followed by {@link Device#synchronize} (cuCtxSynchronize), between two {@link
 * System#nanoTime} readings, so a batch's mean is the device's time per call plus a share of one
 * synchronisation (a few microseconds over batches of about {@value #BATCH_NANOS} ns).
 */
final class DeviceTiming {
    /** Aimed length of one timed batch. */
    static final long BATCH_NANOS = 100_000_000L;

    private DeviceTiming() {}

    /**
     * Warm-up for {@code warmupNanos} (at least one synchronised call), then {@code batches} batches
     * sized from the warm-up's time per call; the median and percentiles are of batch means.
     */
    static Timing measure(String name, Runnable launch, Device device, long warmupNanos, int batches) {
        long start = System.nanoTime();
        int warmCalls = 0;
        do {
            launch.run();
            device.synchronize();
            warmCalls++;
        } while (System.nanoTime() - start < warmupNanos);
        double perCall = (double) (System.nanoTime() - start) / warmCalls;
        int calls = (int) Math.max(1, Math.min(100_000, BATCH_NANOS / Math.max(1.0, perCall)));
        double[] means = new double[batches];
        for (int b = 0; b < batches; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                launch.run();
            }
            device.synchronize();
            means[b] = (double) (System.nanoTime() - t0) / calls;
        }
        Arrays.sort(means);
        return new Timing(
                name,
                Timing.quantile(means, 0.5),
                Timing.quantile(means, 0.1),
                Timing.quantile(means, 0.9),
                batches,
                calls);
    }
}
