package org.sparseeoc.probe;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a probe measures.
 *
 * @param samples K inputs per input kind, ≥ 2; consecutive rows (2p, 2p+1) form the P = ⌊K/2⌋
 *     pairs whose correlation is measured
 * @param startVariance the Gaussian inputs' first-layer variance q⁰ in units of q* (1 for the EoC
 *     fixed point; e.g. 1.1 to start above it); &gt; 0
 * @param inputCorrelation the correlation within each Gaussian input pair, in [−1, 1]
 * @param inputs which input kinds to probe, non-empty
 */
public record ProbeOptions(int samples, double startVariance, double inputCorrelation, Set<InputKind> inputs) {
    public static final int DEFAULT_SAMPLES = 256;
    public static final double DEFAULT_INPUT_CORRELATION = 0.5;

    public ProbeOptions {
        if (samples < 2) {
            throw new IllegalArgumentException(
                    "--samples must be >= 2 (pairs of inputs are correlated), got " + samples);
        }
        if (!(startVariance > 0 && Double.isFinite(startVariance))) {
            throw new IllegalArgumentException("--start-variance must be finite and > 0, got " + startVariance);
        }
        if (!(inputCorrelation >= -1 && inputCorrelation <= 1)) {
            throw new IllegalArgumentException("--input-correlation must lie in [-1, 1], got " + inputCorrelation);
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a probe needs at least one input kind");
        }
        inputs = Set.copyOf(EnumSet.copyOf(inputs));
    }

    /** Both input kinds, K samples, Gaussian inputs at q* with pair correlation 0.5. */
    public static ProbeOptions defaults(int samples) {
        return new ProbeOptions(samples, 1.0, DEFAULT_INPUT_CORRELATION, EnumSet.allOf(InputKind.class));
    }
}
