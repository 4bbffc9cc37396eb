package org.sparseeoc.theory;

import org.sparseeoc.activation.Activation;
import org.sparseeoc.math.Gaussian;

/**
 * Solves for the edge-of-chaos initialisation with a target sparsity (docs/THEORY.md, "EoC
 * parametrised by target sparsity"):
 *
 * <ol>
 *   <li>a = Φ⁻¹(s) (relu family) or Φ⁻¹((1+s)/2) (soft-threshold family), τ = a√q*, m from the clip;
 *   <li>σ_w² = 1/E[φ'(√q*Z)²], which makes χ₁ = 1;
 *   <li>σ_b² = q* − σ_w² E[φ(√q*Z)²], which makes V(q*) = q*; it must be ≥ 0.
 * </ol>
 */
public final class EocSolver {
    /** σ_b² in [−this·q*, 0) is rounding of an exact 0 (plain relu, st as s → 0) and is set to 0. */
    private static final double BIAS_ROUNDING = 1e-14;

    private EocSolver() {}

    public static EocInit solve(EocRequest request) {
        double qStar = request.qStar();
        double sd = Math.sqrt(qStar);
        double s = request.sparsity();
        double a = request.kind().odd() ? Gaussian.quantile(0.5 * (1 + s)) : Gaussian.quantile(s);
        double tau = Math.max(0.0, a * sd); // a = Φ⁻¹(1/2) = 0 exactly for relu
        Activation activation = request.kind().create(tau, request.clip().absolute(qStar));

        double weightVariance = 1.0 / activation.derivativeSecondMoment(qStar);
        double biasVariance = qStar - weightVariance * activation.secondMoment(qStar);
        if (!Double.isFinite(weightVariance)) {
            throw new InvalidRequestException(
                    "clip", "clip " + request.clip().given() + " is too small: no unit passes gradient at q*");
        }
        if (!(biasVariance >= -BIAS_ROUNDING * qStar)) {
            // EocRequest already rejects the requests that would need σ_b² < 0 (relu family below s = 1/2,
            // which needs τ < 0): E[φ²] ≤ q*·E[φ'²] holds for every τ ≥ 0 and m > 0.
            throw new IllegalStateException(
                    "EoC solve broke its invariant: sigma_b^2 = " + biasVariance + " for " + request);
        }
        biasVariance = Math.max(0.0, biasVariance);
        MeanFieldMaps maps = new MeanFieldMaps(activation, weightVariance, biasVariance);
        double slope = maps.varianceSlope(qStar);
        return new EocInit(
                request,
                activation,
                weightVariance,
                biasVariance,
                maps.chi1(qStar),
                slope,
                maps.varianceCurvature(qStar),
                depthScale(slope),
                maps.correlation(0.0, qStar));
    }

    /** ξ = −1/ln(slope): +∞ for slope ≥ 1 (no exponential return), 0 for slope 0. */
    static double depthScale(double slope) {
        return slope >= 1 ? Double.POSITIVE_INFINITY : -1.0 / Math.log(slope);
    }
}
