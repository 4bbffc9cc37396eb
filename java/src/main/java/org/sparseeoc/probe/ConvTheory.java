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
 * and kernel this is exactly {@link TheoryCurve}'s MLP iteration. The layer summaries compare with
 * what {@link LayerMeasurement} measures over all units: q̄ = mean_α q_α, zeros = mean_α
 * P(φ(√q_α Z) = 0), clipped likewise, and ρ̄ = Σ_α c_α / Σ_α q_α.
 */
final class ConvTheory {
    private ConvTheory() {}

    /**
     * Iterates the fields from the measured layer-0 variance q0 and covariance c0 (one value per
     * output position of layer 0, row-major over Ho×Wo), for every hidden layer of {@code shape}.
     */
    static TheoryCurve iterate(
            MeanFieldMaps maps, CnnShape shape, WeightDistribution weights, double[] q0, double[] c0) {
        int positions = shape.positions(0);
        if (q0.length != positions || c0.length != positions) {
            throw new IllegalArgumentException(
                    "layer 0 has " + positions + " positions, got fields of " + q0.length + " and " + c0.length);
        }
        int depth = shape.depth();
        double[] q = new double[depth];
        double[] zeros = new double[depth];
        double[] clipped = new double[depth];
        double[] rho = new double[depth];
        double[] variance = q0.clone();
        double[] covariance = c0.clone();
        for (int l = 0; l < depth; l++) {
            summarise(maps, variance, covariance, l, q, zeros, clipped, rho);
            if (l + 1 < depth) {
                double[][] next = step(maps, shape, weights, l + 1, variance, covariance);
                variance = next[0];
                covariance = next[1];
            }
        }
        return new TheoryCurve(q, zeros, clipped, rho);
    }

    private static void summarise(
            MeanFieldMaps maps,
            double[] variance,
            double[] covariance,
            int l,
            double[] q,
            double[] zeros,
            double[] clipped,
            double[] rho) {
        double sumQ = 0;
        double sumC = 0;
        double sumZeros = 0;
        double sumClipped = 0;
        for (int a = 0; a < variance.length; a++) {
            double v = variance[a];
            sumQ += v;
            sumC += covariance[a];
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
        int n = variance.length;
        boolean finite = Double.isFinite(sumQ) && !Double.isNaN(sumZeros);
        q[l] = finite ? sumQ / n : Double.NaN;
        zeros[l] = finite ? sumZeros / n : Double.NaN;
        clipped[l] = finite ? sumClipped / n : Double.NaN;
        rho[l] = finite && sumQ > 0 && !Double.isNaN(sumC) ? clamp(sumC / sumQ) : Double.NaN;
    }

    /** The variance and covariance fields of hidden layer {@code layer} from those of layer − 1. */
    private static double[][] step(
            MeanFieldMaps maps,
            CnnShape shape,
            WeightDistribution weights,
            int layer,
            double[] variance,
            double[] covariance) {
        int inH = shape.inHeight(layer);
        int inW = shape.inWidth(layer);
        int outH = shape.outHeight(layer);
        int outW = shape.outWidth(layer);
        int k = shape.kernel();
        int stride = shape.stride(layer);
        int pad = shape.padding();
        double sigmaW2 = maps.weightVariance();
        double sigmaB2 = maps.biasVariance();
        // σ_w²·E[φ²] and σ_w²·E[φφ] at every input position, once.
        double[] square = new double[variance.length];
        double[] product = new double[variance.length];
        for (int b = 0; b < variance.length; b++) {
            double v = variance[b];
            if (v == 0) {
                continue; // φ(0) = 0: both moments vanish
            }
            if (!(v > 0 && Double.isFinite(v))) {
                square[b] = Double.NaN;
                product[b] = Double.NaN;
                continue;
            }
            square[b] = maps.variance(v) - sigmaB2;
            double r = Double.isNaN(covariance[b]) ? Double.NaN : clamp(covariance[b] / v);
            product[b] = Double.isNaN(r) ? Double.NaN : sigmaW2 * maps.productMoment(r, v);
        }
        double[] nextVariance = new double[outH * outW];
        double[] nextCovariance = new double[outH * outW];
        int centre = k / 2;
        double share = switch (weights) {
            case GAUSSIAN -> 1.0 / (k * k);
            case ORTHOGONAL -> 1.0;
        };
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                double sq = 0;
                double pr = 0;
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        boolean used = switch (weights) {
                            case GAUSSIAN -> true;
                            case ORTHOGONAL -> ky == centre && kx == centre;
                        };
                        int iy = oy * stride + ky - pad;
                        int ix = ox * stride + kx - pad;
                        if (used && iy >= 0 && iy < inH && ix >= 0 && ix < inW) {
                            sq += share * square[iy * inW + ix];
                            pr += share * product[iy * inW + ix];
                        }
                    }
                }
                nextVariance[oy * outW + ox] = sigmaB2 + sq;
                nextCovariance[oy * outW + ox] = sigmaB2 + pr;
            }
        }
        return new double[][] {nextVariance, nextCovariance};
    }

    private static double clamp(double rho) {
        return Math.max(-1.0, Math.min(1.0, rho));
    }
}
