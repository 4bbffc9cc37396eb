package org.sparseeoc.theory;

/**
 * A fixed point q = V(q) of the variance map.
 *
 * @param q the variance
 * @param slope V'(q)
 */
public record FixedPoint(double q, double slope) {
    /** Stable (attracting) when |V'(q)| &lt; 1. */
    public boolean stable() {
        return Math.abs(slope) < 1;
    }
}
