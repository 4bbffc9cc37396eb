package org.sparseeoc.theory;

import org.sparseeoc.activation.Activation;

/**
 * An edge-of-chaos initialisation and its mean-field diagnostics at the fixed point.
 *
 * @param request what was asked for
 * @param activation φ with its solved threshold τ and clip m
 * @param weightVariance σ_w²: weights are N(0, σ_w²/fan_in)
 * @param biasVariance σ_b²: biases are N(0, σ_b²)
 * @param chi1 χ₁ = σ_w² E[φ'(√q*Z)²] (1 at EoC, up to rounding)
 * @param varianceSlope V'(q*)
 * @param varianceCurvature V''(q*)
 * @param varianceDepthScale ξ_q = −1/ln V'(q*): layers for a variance perturbation to shrink by e
 *     (+∞ when V'(q*) = 1)
 * @param correlationAtZero R(0): the correlation the map gives to uncorrelated inputs
 */
public record EocInit(
        EocRequest request,
        Activation activation,
        double weightVariance,
        double biasVariance,
        double chi1,
        double varianceSlope,
        double varianceCurvature,
        double varianceDepthScale,
        double correlationAtZero) {

    /** q*, the fixed-point variance. */
    public double qStar() {
        return request.qStar();
    }

    /** The maps this initialisation induces. */
    public MeanFieldMaps maps() {
        return new MeanFieldMaps(activation, weightVariance, biasVariance);
    }
}
