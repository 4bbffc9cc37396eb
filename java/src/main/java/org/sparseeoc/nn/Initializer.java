package org.sparseeoc.nn;

import java.util.SplittableRandom;
import org.sparseeoc.theory.EocInit;

/** Draws the initial parameters of an MLP on the host, reproducibly from a seed. */
public final class Initializer {
    private Initializer() {}

    /**
     * Parameters in {@link MlpShape}'s layout: hidden maps by {@code scheme} (EoC variances from
     * {@code eoc}), the readout with W ~ N(0, 1/fan_in) and b = 0. Maps are drawn in order from one
     * SplittableRandom seeded with {@code seed}.
     */
    public static float[] draw(MlpShape shape, InitScheme scheme, EocInit eoc, long seed) {
        float[] params = new float[shape.parameterCount()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l < shape.maps(); l++) {
            int fanIn = shape.fanIn(l);
            int fanOut = shape.fanOut(l);
            boolean readout = l == shape.depth();
            double weightSd =
                    Math.sqrt(readout ? 1.0 / fanIn : scheme.weightVariance(eoc.weightVariance(), fanIn, fanOut));
            double biasSd = readout ? 0.0 : Math.sqrt(scheme.biasVariance(eoc.biasVariance()));
            int w = (int) shape.weightOffset(l);
            for (int i = 0; i < fanOut * fanIn; i++) {
                params[w + i] = (float) (weightSd * random.nextGaussian());
            }
            int b = (int) shape.biasOffset(l);
            for (int i = 0; i < fanOut; i++) {
                params[b + i] = biasSd == 0 ? 0f : (float) (biasSd * random.nextGaussian());
            }
        }
        return params;
    }

    /**
     * The factor c to multiply inputs by so that the first layer's pre-activation variance at init
     * is about q*: E[z²] = c²·w²·E‖x‖² + σ_b² with w² the first map's per-entry weight variance,
     * so c = √((q* − σ_b²)/(w²·E‖x‖²)). {@code meanSquaredNorm} is E‖x‖² over the training inputs.
     */
    public static double inputScale(MlpShape shape, InitScheme scheme, EocInit eoc, double meanSquaredNorm) {
        if (!(meanSquaredNorm > 0)) {
            throw new IllegalArgumentException("inputs are all zero: cannot scale them to q*");
        }
        double w2 = scheme.weightVariance(eoc.weightVariance(), shape.fanIn(0), shape.fanOut(0));
        double target = eoc.qStar() - scheme.biasVariance(eoc.biasVariance());
        return Math.sqrt(target / (w2 * meanSquaredNorm));
    }
}
