package org.sparseeoc.probe;

import java.util.Arrays;
import org.sparseeoc.math.GaussKronrod;
import org.sparseeoc.math.Gaussian;
import org.sparseeoc.theory.MeanFieldMaps;

/**
 * How far one network of finite width N is expected to scatter around the maps, near q*.
 *
 * <p>Given layer l, the next layer's units are i.i.d. z_i ~ N(0, v_{l+1}) with v_{l+1} = σ_w²·m̂_l +
 * σ_b² and m̂_l = (1/N)Σ_j φ(z_j^l)² — an average of N draws, so v_{l+1} = V(v_l) + σ_w²η_l with
 * Var η_l = Var(φ(√q Z)²)/N. Linearised about q*, e_{l+1} = V'(q*)·e_l + σ_w²η_l: the error of v
 * against the deterministic iteration is an AR(1) process whose stationary variance is
 * σ_w⁴Var(φ²)/(N(1 − V'(q*)²)). The measured q̂_l = (1/N)Σ z_i² adds its own read-out noise 2v²/N,
 * which does not propagate. When the K samples of a probe are strongly correlated (deep layers, ρ →
 * 1 at the edge of chaos) they share these fluctuations, so averaging over samples does not
 * reduce them: only width does.
 *
 * <p>For sparse activations Var(φ²)/E[φ²]² is large (only 1 − s of the units carry the second
 * moment), so this noise is several times the naive √(2/N).
 *
 * <p>A CNN has the same noise with N = C channels, not C·positions: each channel's filter and bias
 * are shared by all positions, and deep in the network the positions of one channel become
 * correlated too (two positions are like two inputs, whose correlation the correlation map drives
 * towards 1 at the edge of chaos), so a layer holds only about C independent draws of φ². With the
 * delta-orthogonal init this is the whole story (its weights preserve norms exactly); Gaussian
 * filters add a little on top.
 */
public final class FiniteWidthNoise {
    private static final double TOLERANCE = 1e-12;

    private FiniteWidthNoise() {}

    /** Var(φ(√q Z)²) = E[φ⁴] − E[φ²]², by quadrature split at φ's kinks. */
    public static double squareVariance(MeanFieldMaps maps, double q) {
        double sd = Math.sqrt(q);
        double[] kinks = maps.activation().kinks();
        double cut = GaussKronrod.GAUSSIAN_CUTOFF;
        double[] breaks = new double[kinks.length + 2];
        breaks[0] = -cut;
        breaks[1] = cut;
        for (int i = 0; i < kinks.length; i++) {
            breaks[i + 2] = Math.max(-cut, Math.min(cut, kinks[i] / sd));
        }
        Arrays.sort(breaks);
        double fourth = new GaussKronrod(TOLERANCE * q * q, 0, 2000)
                .integrate(
                        z -> {
                            double phi = maps.activation().apply(sd * z);
                            return phi * phi * phi * phi * Gaussian.pdf(z);
                        },
                        breaks)
                .value();
        double second = maps.activation().secondMoment(q);
        return fourth - second * second;
    }

    /**
     * The expected spread (standard deviation) of q̂/q_theory − 1 deep in a network of width N held
     * at q*: √(σ_w⁴Var(φ²)/(N(1 − V'(q*)²)) + 2q*²/N)/q*. +∞ when |V'(q*)| ≥ 1 (the error does not
     * settle but grows like a random walk).
     */
    public static double varianceSpread(MeanFieldMaps maps, double qStar, int width) {
        double propagated = propagatedSpread(maps, qStar, width);
        return Math.sqrt(propagated * propagated + 2.0 / width);
    }

    /**
     * The expected spread of the measured zero fraction about the prediction: the binomial
     * √(p(1−p)/N) of one layer's N units, and the shift dP₀/dq·e of the propagated variance error e
     * (the read-out noise of q̂ does not move the zeros).
     */
    public static double zerosSpread(MeanFieldMaps maps, double qStar, int width) {
        double p = maps.activation().zeroProbability(qStar);
        double h = 1e-4 * qStar;
        double slope = (maps.activation().zeroProbability(qStar + h)
                        - maps.activation().zeroProbability(qStar - h))
                / (2 * h);
        double shift = slope * qStar * propagatedSpread(maps, qStar, width);
        return Math.sqrt(p * (1 - p) / width + shift * shift);
    }

    /**
     * The spread of one layer's step at variance q: the standard deviation of q̂^{l+1}/V(q) − 1
     * given layer l at q exactly, √(σ_w⁴Var(φ(√qZ)²) + 2V(q)²)/(√N·V(q)). Over a few layers where
     * V' ≈ 1 these add up like a random walk (√l times this).
     */
    public static double stepSpread(MeanFieldMaps maps, double q, int width) {
        double w2 = maps.weightVariance();
        double next = maps.variance(q);
        return Math.sqrt((w2 * w2 * squareVariance(maps, q) + 2 * next * next) / width) / next;
    }

    /** Stationary spread of v/q* − 1 (the AR(1) error of the layer variance), relative to q*. */
    private static double propagatedSpread(MeanFieldMaps maps, double qStar, int width) {
        double slope = maps.varianceSlope(qStar);
        if (!(Math.abs(slope) < 1)) {
            return Double.POSITIVE_INFINITY;
        }
        double w2 = maps.weightVariance();
        return Math.sqrt(w2 * w2 * squareVariance(maps, qStar) / (width * (1 - slope * slope))) / qStar;
    }
}
