package org.sparseeoc.backend;

/**
 * Counts over the pre-activations z of one layer and batch, for sparsity and variance metrics.
 *
 * @param count number of elements
 * @param zeros elements with φ(z) exactly 0
 * @param clipped elements in the clipped region (|φ(z)| = m; 0 for unclipped kinds)
 * @param sum Σ z
 * @param sumOfSquares Σ z²
 */
public record ActivationStats(long count, long zeros, long clipped, double sum, double sumOfSquares) {
    /** The empty statistics, identity of {@link #plus}. */
    public static final ActivationStats EMPTY = new ActivationStats(0, 0, 0, 0, 0);

    /** Element-wise sum of two statistics (e.g. over batches). */
    public ActivationStats plus(ActivationStats other) {
        return new ActivationStats(
                count + other.count,
                zeros + other.zeros,
                clipped + other.clipped,
                sum + other.sum,
                sumOfSquares + other.sumOfSquares);
    }

    /** Fraction of exact zeros. */
    public double zeroFraction() {
        return count == 0 ? Double.NaN : (double) zeros / count;
    }

    /** Fraction of clipped elements. */
    public double clippedFraction() {
        return count == 0 ? Double.NaN : (double) clipped / count;
    }

    /** Mean of z². At random init this is the layer's q (pre-activation variance about 0). */
    public double meanSquare() {
        return count == 0 ? Double.NaN : sumOfSquares / count;
    }
}
