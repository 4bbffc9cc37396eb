package org.sparseeoc.theory;

import java.util.Arrays;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.math.GaussKronrod;
import org.sparseeoc.math.Gaussian;

/**
 * The mean-field maps of a fully connected net with activation φ, weights N(0, σ_w²/fan_in) and
 * biases N(0, σ_b²), in the large-width limit.
 *
 * <ul>
 *   <li>V(q) = σ_w²·E[φ(√qZ)²] + σ_b² (variance map) and its first two derivatives.
 *   <li>χ₁(q) = σ_w²·E[φ'(√qZ)²], the slope of the correlation map at ρ = 1.
 *   <li>R(ρ) = (σ_w²·E[φ(u₁)φ(u₂)] + σ_b²)/q with u₁ = √q·Z₁, u₂ = √q(ρZ₁ + √(1−ρ²)Z₂).
 * </ul>
 *
 * @param activation φ
 * @param weightVariance σ_w² &gt; 0
 * @param biasVariance σ_b² ≥ 0
 */
public record MeanFieldMaps(Activation activation, double weightVariance, double biasVariance) {
    /**
     * Target absolute error of E[φ(u₁)φ(u₂)] in units of q (the integrand scales like q), so R is
     * accurate to well below 1e-10 at every q*.
     */
    private static final double CORRELATION_TOLERANCE = 1e-13;

    private static final int MAX_INTERVALS = 4000;

    public MeanFieldMaps {
        if (!(weightVariance > 0 && Double.isFinite(weightVariance))) {
            throw new IllegalArgumentException("sigma_w^2 must be finite and > 0, got " + weightVariance);
        }
        if (!(biasVariance >= 0 && Double.isFinite(biasVariance))) {
            throw new IllegalArgumentException("sigma_b^2 must be finite and >= 0, got " + biasVariance);
        }
    }

    /** V(q) = σ_w² E[φ(√qZ)²] + σ_b². */
    public double variance(double q) {
        return weightVariance * activation.secondMoment(q) + biasVariance;
    }

    /** V'(q) = σ_w² d/dq E[φ(√qZ)²]. */
    public double varianceSlope(double q) {
        return weightVariance * activation.secondMomentDq(q);
    }

    /** V''(q) = σ_w² d²/dq² E[φ(√qZ)²]. */
    public double varianceCurvature(double q) {
        return weightVariance * activation.secondMomentDq2(q);
    }

    /** χ₁ at variance q: σ_w² E[φ'(√qZ)²]. */
    public double chi1(double q) {
        return weightVariance * activation.derivativeSecondMoment(q);
    }

    /** R(ρ) at variance q: the correlation of the next layer's pre-activations. */
    public double correlation(double rho, double q) {
        return (weightVariance * productMoment(rho, q) + biasVariance) / q;
    }

    /**
     * E[φ(u₁)φ(u₂)] for standard-normal-based u₁ = √q·Z₁, u₂ = √q(ρZ₁ + √(1−ρ²)Z₂).
     *
     * <p>Conditioning on u₁, u₂ ~ N(ρu₁, q(1−ρ²)), so the inner expectation is the closed-form
     * Gaussian mean of φ ({@link Activation#mean}). The outer integral over z = u₁/√q is done by
     * adaptive Gauss–Kronrod split at the kinks of φ(√q·z) and at the kinks of φ(ρ√q·z), near which
     * the inner mean bends sharply when ρ → ±1.
     */
    public double productMoment(double rho, double q) {
        if (!(rho >= -1 && rho <= 1)) {
            throw new IllegalArgumentException("correlation rho must lie in [-1, 1], got " + rho);
        }
        if (!(q > 0 && Double.isFinite(q))) {
            throw new IllegalArgumentException("variance q must be finite and > 0, got " + q);
        }
        double sd = Math.sqrt(q);
        if (rho == 0) { // independent: E[φ(u₁)]², in closed form
            double mean = activation.mean(0.0, sd);
            return mean * mean;
        }
        double conditionalSd = sd * Math.sqrt(Math.max(0.0, (1 - rho) * (1 + rho)));
        double[] kinks = activation.kinks();
        double cut = GaussKronrod.GAUSSIAN_CUTOFF;
        double[] breaks = new double[2 * kinks.length + 2];
        int n = 0;
        breaks[n++] = -cut;
        breaks[n++] = cut;
        for (double kink : kinks) {
            breaks[n++] = clamp(kink / sd, cut);
            breaks[n++] = clamp(kink / (rho * sd), cut);
        }
        double[] sorted = Arrays.copyOf(breaks, n);
        Arrays.sort(sorted);
        return new GaussKronrod(CORRELATION_TOLERANCE * q, 0, MAX_INTERVALS)
                .integrate(
                        z -> {
                            double u1 = sd * z;
                            double outer = activation.apply(u1);
                            return outer == 0
                                    ? 0.0
                                    : outer * activation.mean(rho * u1, conditionalSd) * Gaussian.pdf(z);
                        },
                        sorted)
                .value();
    }

    private static double clamp(double z, double cut) {
        return Math.max(-cut, Math.min(cut, z));
    }
}
