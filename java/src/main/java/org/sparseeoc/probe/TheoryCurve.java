package org.sparseeoc.probe;

import org.sparseeoc.theory.MeanFieldMaps;

/**
 * The mean-field predictions for every hidden layer, started from the measured first layer.
 *
 * <p>Variance: q⁰ = the measured q⁰, q^{l+1} = V(q^l). Correlation: ρ⁰ = the measured ρ⁰ and
 * ρ^{l+1} = C(ρ^l, q^l)/V(q^l) with C = σ_w²E[φ(u₁)φ(u₂)] + σ_b² the next layer's covariance;
 * {@link MeanFieldMaps#correlation} is C/q, so ρ^{l+1} = R(ρ^l)·q^l/V(q^l) — exactly R(ρ^l) at
 * q* (where V(q) = q), and still the right map when the variance drifts away from q*.
 *
 * @param q q_theory^l, NaN after the iteration overflowed
 * @param zeros P(φ(√q^l Z) = 0)
 * @param clipped P(|φ(√q^l Z)| = m)
 * @param rho ρ_theory^l (NaN when the measured ρ⁰ is NaN or q^l is not finite)
 */
public record TheoryCurve(double[] q, double[] zeros, double[] clipped, double[] rho) {

    public TheoryCurve {
        q = q.clone();
        zeros = zeros.clone();
        clipped = clipped.clone();
        rho = rho.clone();
    }

    /** Iterates the maps for {@code depth} hidden layers from the measured (q0, rho0). */
    public static TheoryCurve iterate(MeanFieldMaps maps, double q0, double rho0, int depth) {
        double[] q = new double[depth];
        double[] zeros = new double[depth];
        double[] clipped = new double[depth];
        double[] rho = new double[depth];
        q[0] = q0;
        rho[0] = rho0;
        for (int l = 0; l < depth; l++) {
            boolean finite = q[l] > 0 && Double.isFinite(q[l]);
            zeros[l] = finite ? maps.activation().zeroProbability(q[l]) : Double.NaN;
            clipped[l] = finite ? maps.activation().clippedProbability(q[l]) : Double.NaN;
            if (l + 1 < depth) {
                double next = finite ? maps.variance(q[l]) : Double.NaN;
                q[l + 1] = Double.isFinite(next) ? next : Double.NaN;
                rho[l + 1] = finite && Double.isFinite(q[l + 1]) && !Double.isNaN(rho[l])
                        ? clamp(maps.correlation(rho[l], q[l]) * q[l] / q[l + 1])
                        : Double.NaN;
            }
        }
        return new TheoryCurve(q, zeros, clipped, rho);
    }

    @Override
    public double[] q() {
        return q.clone();
    }

    @Override
    public double[] zeros() {
        return zeros.clone();
    }

    @Override
    public double[] clipped() {
        return clipped.clone();
    }

    @Override
    public double[] rho() {
        return rho.clone();
    }

    // A correlation is in [−1, 1]; the quadrature may overshoot 1 by rounding as ρ → 1.
    private static double clamp(double rho) {
        return Math.max(-1.0, Math.min(1.0, rho));
    }
}
