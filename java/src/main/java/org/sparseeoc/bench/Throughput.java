package org.sparseeoc.bench;

/**
 * A timing with the work one call does, so that it reads as a rate.
 *
 * @param timing per-call time statistics
 * @param workPerCall work of one call: floating-point operations for GEMM, bytes moved otherwise
 * @param unit the rate's unit, "GFLOP/s" or "GB/s" (work per nanosecond either way)
 */
public record Throughput(Timing timing, double workPerCall, String unit) {
    /** Rate at the median time. */
    public double median() {
        return workPerCall / timing.medianNanos();
    }

    /** Rate at the 10th-percentile time (the faster batches). */
    public double best() {
        return workPerCall / timing.p10Nanos();
    }

    /** Rate at the 90th-percentile time (the slower batches). */
    public double worst() {
        return workPerCall / timing.p90Nanos();
    }
}
