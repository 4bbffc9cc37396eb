package org.sparseeoc.probe;

/**
 * One hidden layer of a probe: measured against the theory. Theory values are NaN where the map
 * iteration has no finite value (after it overflowed).
 *
 * @param layer hidden layer index l, 0 for the first
 * @param qMeasured mean z² over units and samples
 * @param qTheory q_theory^l, with q_theory⁰ = the measured q⁰ and q_theory^{l+1} = V(q_theory^l)
 * @param zerosMeasured fraction of exact zeros φ(z) = 0
 * @param zerosTheory P(φ(√q_theory^l Z) = 0)
 * @param clippedMeasured fraction of units with |φ(z)| = m (0 for unclipped kinds)
 * @param clippedTheory P(|φ(√q_theory^l Z)| = m)
 * @param rhoMeasured mean over input pairs of Σz(a)z(b)/√(Σz(a)²Σz(b)²) across units
 * @param rhoTheory the correlation map iterated from the measured first-layer correlation
 */
public record LayerRow(
        int layer,
        double qMeasured,
        double qTheory,
        double zerosMeasured,
        double zerosTheory,
        double clippedMeasured,
        double clippedTheory,
        double rhoMeasured,
        double rhoTheory) {

    /** q_measured/q_theory − 1 (NaN when either is not finite). */
    public double varianceError() {
        return Double.isFinite(qMeasured) && Double.isFinite(qTheory) ? qMeasured / qTheory - 1 : Double.NaN;
    }
}
