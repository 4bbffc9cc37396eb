package org.sparseeoc.probe;

import org.sparseeoc.activation.Activation;
import org.sparseeoc.activation.ZeroSet;

/**
 * The empirical statistics of one layer's pre-activations z [rows × width], summed in double.
 *
 * @param q mean z² over units and samples
 * @param zeros fraction with φ(z) = 0 exactly (z in φ's zero set)
 * @param clipped fraction with |φ(z)| = m (0 for unclipped kinds)
 * @param rho mean over the pairs of rows (2p, 2p+1) of Σ_i z_i(a)z_i(b)/√(Σz(a)²·Σz(b)²); NaN with
 *     fewer than two rows
 */
public record LayerMeasurement(double q, double zeros, double clipped, double rho) {

    /** Measures z (row-major, one row per input) for activation φ. */
    public static LayerMeasurement of(float[] z, int rows, int width, Activation activation) {
        if ((long) rows * width != z.length) {
            throw new IllegalArgumentException("z has " + z.length + " values, expected " + rows + " x " + width);
        }
        ZeroSet zeroSet = activation.zeroSet();
        double tau = activation.threshold();
        double clip = activation.clip();
        boolean odd = activation.kind().odd();
        boolean clippedKind = activation.kind().clipped();
        double sumSquares = 0;
        long zeros = 0;
        long clipped = 0;
        for (float v : z) {
            double x = v;
            sumSquares += x * x;
            if (zeroSet.contains(x)) {
                zeros++;
            } else if (clippedKind && (odd ? Math.abs(x) : x) - tau >= clip) {
                // The profile is min(x − τ, m): it equals m exactly once x − τ ≥ m.
                clipped++;
            }
        }
        double count = (double) rows * width;
        return new LayerMeasurement(
                sumSquares / count, zeros / count, clipped / count, pairCorrelation(z, rows, width));
    }

    private static double pairCorrelation(float[] z, int rows, int width) {
        int pairs = rows / 2;
        if (pairs == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int p = 0; p < pairs; p++) {
            int a = 2 * p * width;
            int b = a + width;
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int i = 0; i < width; i++) {
                double za = z[a + i];
                double zb = z[b + i];
                ab += za * zb;
                aa += za * za;
                bb += zb * zb;
            }
            // A pair with an all-zero row has no direction; it counts as uncorrelated.
            sum += aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0.0;
        }
        return sum / pairs;
    }
}
