package org.sparseeoc.nn;

/**
 * How hidden-layer parameters are drawn. The readout map always gets W ~ N(0, 1/fan_in), b = 0.
 */
public enum InitScheme {
    /** Edge of chaos: W ~ N(0, σ_w²/fan_in), b ~ N(0, σ_b²) from the theory engine. */
    EOC,
    /** He et al. 2015: W ~ N(0, 2/fan_in), b = 0. */
    HE,
    /** Glorot &amp; Bengio 2010 (normal): W ~ N(0, 2/(fan_in + fan_out)), b = 0. */
    GLOROT;

    /** The name in specs and on the command line, e.g. {@code eoc}. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The per-entry weight variance of a hidden map with the given fans. */
    public double weightVariance(double eocWeightVariance, int fanIn, int fanOut) {
        return switch (this) {
            case EOC -> eocWeightVariance / fanIn;
            case HE -> 2.0 / fanIn;
            case GLOROT -> 2.0 / (fanIn + fanOut);
        };
    }

    /** The bias variance of a hidden map. */
    public double biasVariance(double eocBiasVariance) {
        return switch (this) {
            case EOC -> eocBiasVariance;
            case HE, GLOROT -> 0.0;
        };
    }
}
