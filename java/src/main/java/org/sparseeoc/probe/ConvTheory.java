package org.sparseeoc.probe;

import org.sparseeoc.nn.CnnShape;
import org.sparseeoc.nn.WeightDistribution;
import org.sparseeoc.theory.MeanFieldMaps;

/**
 * The mean-field predictions for a CNN's hidden layers, position by position, started from the
 * measured first layer.
 *
 * <p>With infinitely many channels and weights drawn independently of each other, the
 * pre-activation z_{α,c} at output position α of layer l+1 is, given layer l, Gaussian with variance
 * Σ_t w_t·σ_w²·E_c[φ(z_{β(t),c})²] + σ_b², where t runs over the k×k taps, β(t) = α·stride + t −
 * padding is the input position the tap reads, and w_t the tap's share of the filter variance
 * (1/k² for Gaussian weights; 1 at the centre tap and 0 elsewhere for the delta-orthogonal init). A
 * tap that reads zero padding contributes nothing, so border positions see less variance than the
 * interior. Hence the variance field iterates as
 *
 * <pre>
 *   q^{l+1}_α = σ_b² + Σ_t w_t·(V(q^l_β(t)) − σ_b²),
 *   c^{l+1}_α = σ_b² + Σ_t w_t·σ_w²·E[φ(u₁)φ(u₂)]  (u ~ N(0, q^l_β [[1, ρ^l_β], [ρ^l_β, 1]]))
 * </pre>
 *
 * for the variance q and the covariance c of two inputs at each position (ρ = c/q). For a 1×1 image
 * and kernel this is exactly {@link TheoryCurve}'s MLP iteration.
 *
 * <p>Every input gets its own variance field. A first layer that reads few pixels (C_in·k² of them,
 * as few as one with a delta-orthogonal filter on a grey image) gives each input and position its
 * own variance, σ_w² times a few squared pixels plus σ_b², which scatters like χ² with few degrees
 * of freedom; the map is not linear (for {@code relu-tau} it is convex above q*), so iterating the
 * average over inputs would be wrong by Jensen's inequality — the high-variance positions run away
 * first. The covariance field of the input pairs is iterated once, with the mean over inputs of the
 * variance field as each position's q (an approximation: E[φ(u₁)φ(u₂)] is taken at equal variances).
 * The layer summaries compare with what {@link LayerMeasurement} measures over all units: q̄ = the
 * mean over inputs and positions of q, zeros = the mean of P(φ(√q Z) = 0), clipped likewise, and
 * ρ̄ = Σ_α c_α / Σ_α q̄_α.
 */
final class ConvTheory {
    private ConvTheory() {}

    /**
     * Iterates the fields from the measured layer-0 variances q0[input][position] and the pairs'
     * mean covariance c0[position] (positions row-major over layer 0's Ho×Wo), for every hidden
     * layer of {@code shape}.
     */
    static TheoryCurve iterate(
            MeanFieldMaps maps, CnnShape shape, WeightDistribution weights, double[][] q0, double[] c0) {
        int positions = shape.positions(0);
        if (q0.length == 0 || c0.length != positions) {
            throw new IllegalArgumentException("layer 0 has " + positions
                    + " positions; need variance fields and a covariance field of that size");
        }
        int depth = shape.depth();
        double[] q = new double[depth];
        double[] zeros = new double[depth];
        double[] clipped = new double[depth];
        double[] rho = new double[depth];
        double[][] variance = new double[q0.length][];
        for (int n = 0; n < q0.length; n++) {
            if (q0[n].length != positions) {
                throw new IllegalArgumentException(
                        "variance field " + n + " has " + q0[n].length + " positions, layer 0 has " + positions);
            }
            variance[n] = q0[n].clone();
        }
        double[] covariance = c0.clone();
        for (int l = 0; l < depth; l++) {
            double[] mean = mean(variance);
            summarise(maps, variance, mean, covariance, l, q, zeros, clipped, rho);
            if (l + 1 < depth) {
                double sigmaW2 = maps.weightVariance();
                for (int n = 0; n < variance.length; n++) {
                    double[] square = new double[variance[n].length];
                    for (int b = 0; b < square.length; b++) {
                        square[b] = secondMoment(maps, variance[n][b]);
                    }
                    variance[n] = spread(maps, shape, weights, l + 1, square);
                }
                double[] product = new double[mean.length];
                for (int b = 0; b < mean.length; b++) {
                    product[b] = productMoment(maps, mean[b], covariance[b], sigmaW2);
                }
                covariance = spread(maps, shape, weights, l + 1, product);
            }
        }
        return new TheoryCurve(q, zeros, clipped, rho);
    }

    /** The mean over inputs of the variance fields, position by position. */
    private static double[] mean(double[][] variance) {
        double[] mean = new double[variance[0].length];
        for (double[] field : variance) {
            for (int b = 0; b < mean.length; b++) {
                mean[b] += field[b] / variance.length;
            }
        }
        return mean;
    }

    /** σ_w²·E[φ(√v Z)²] = V(v) − σ_b²; 0 where v = 0 (φ(0) = 0 for every kind), NaN once v overflowed. */
    private static double secondMoment(MeanFieldMaps maps, double v) {
        if (v == 0) {
            return 0;
        }
        return v > 0 && Double.isFinite(v) ? maps.variance(v) - maps.biasVariance() : Double.NaN;
    }

    /** σ_w²·E[φ(u₁)φ(u₂)] at variance v and covariance c (correlation c/v). */
    private static double productMoment(MeanFieldMaps maps, double v, double c, double sigmaW2) {
        if (v == 0) {
            return 0;
        }
        if (!(v > 0 && Double.isFinite(v)) || Double.isNaN(c)) {
            return Double.NaN;
        }
        return sigmaW2 * maps.productMoment(clamp(c / v), v);
    }

    private static void summarise(
            MeanFieldMaps maps,
            double[][] variance,
            double[] mean,
            double[] covariance,
            int l,
            double[] q,
            double[] zeros,
            double[] clipped,
            double[] rho) {
        double sumZeros = 0;
        double sumClipped = 0;
        long count = 0;
        for (double[] field : variance) {
            for (double v : field) {
                count++;
                if (v == 0) { // z ≡ 0 there, and φ(0) = 0 for every kind
                    sumZeros += 1;
                } else if (v > 0 && Double.isFinite(v)) {
                    sumZeros += maps.activation().zeroProbability(v);
                    sumClipped += maps.activation().clippedProbability(v);
                } else {
                    sumZeros = Double.NaN;
                    sumClipped = Double.NaN;
                }
            }
        }
        double sumQ = 0;
        double sumC = 0;
        for (int b = 0; b < mean.length; b++) {
            sumQ += mean[b];
            sumC += covariance[b];
        }
        boolean finite = Double.isFinite(sumQ) && !Double.isNaN(sumZeros);
        q[l] = finite ? sumQ / mean.length : Double.NaN;
        zeros[l] = finite ? sumZeros / count : Double.NaN;
        clipped[l] = finite ? sumClipped / count : Double.NaN;
        rho[l] = finite && sumQ > 0 && !Double.isNaN(sumC) ? clamp(sumC / sumQ) : Double.NaN;
    }

    /**
     * The next layer's field σ_b² + Σ_t w_t·moment[β(t)] from a per-position moment of layer − 1
     * (σ_w²E[φ²] for the variance, σ_w²E[φφ] for the covariance); taps on padding add nothing.
     */
    private static double[] spread(
            MeanFieldMaps maps, CnnShape shape, WeightDistribution weights, int layer, double[] moment) {
        int inH = shape.inHeight(layer);
        int inW = shape.inWidth(layer);
        int outH = shape.outHeight(layer);
        int outW = shape.outWidth(layer);
        int k = shape.kernel();
        int stride = shape.stride(layer);
        int pad = shape.padding();
        int centre = k / 2;
        double share = switch (weights) {
            case GAUSSIAN -> 1.0 / (k * k);
            case ORTHOGONAL -> 1.0;
        };
        double[] next = new double[outH * outW];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                double sum = 0;
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        boolean used = switch (weights) {
                            case GAUSSIAN -> true;
                            case ORTHOGONAL -> ky == centre && kx == centre;
                        };
                        int iy = oy * stride + ky - pad;
                        int ix = ox * stride + kx - pad;
                        if (used && iy >= 0 && iy < inH && ix >= 0 && ix < inW) {
                            sum += share * moment[iy * inW + ix];
                        }
                    }
                }
                next[oy * outW + ox] = maps.biasVariance() + sum;
            }
        }
        return next;
    }

    private static double clamp(double rho) {
        return Math.max(-1.0, Math.min(1.0, rho));
    }
}
