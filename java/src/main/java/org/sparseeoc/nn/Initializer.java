package org.sparseeoc.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.sparseeoc.theory.EocInit;

/** Draws the initial parameters of a network on the host, reproducibly from a seed. */
public final class Initializer {
    private Initializer() {}

    /**
     * One linear map of a shape: W [outputs × fanIn] at {@code weightOffset} (for an MLP, stored
     * transposed once drawn), b [outputs] at {@code biasOffset}. {@code kernel} is the convolution's k (1 for a dense map); for a
     * convolution fanIn = inChannels·k² and the filter of output c is laid out [inChannels, k, k].
     */
    private record LinearMap(
            int outputs, int fanIn, int fanOut, int weightOffset, int biasOffset, int kernel, boolean readout) {
        int inChannels() {
            return fanIn / (kernel * kernel);
        }
    }

    private static int maps(NetworkShape shape) {
        return switch (shape) {
            case MlpShape s -> s.maps();
            case CnnShape s -> s.maps();
        };
    }

    private static LinearMap map(NetworkShape shape, int l) {
        return switch (shape) {
            case MlpShape s ->
                new LinearMap(
                        s.fanOut(l),
                        s.fanIn(l),
                        s.fanOut(l),
                        (int) s.weightOffset(l),
                        (int) s.biasOffset(l),
                        1,
                        l == s.depth());
            case CnnShape s ->
                new LinearMap(
                        s.outputs(l),
                        s.fanIn(l),
                        s.fanOut(l),
                        (int) s.weightOffset(l),
                        (int) s.biasOffset(l),
                        l == s.depth() ? 1 : s.kernel(),
                        l == s.depth());
        };
    }

    /**
     * Parameters in the shape's layout ({@link MlpShape}, {@link CnnShape}). The maps are drawn in
     * order from one SplittableRandom seeded with {@code seed}, each its weights then its biases.
     *
     * <p>Hidden maps: per-entry weight variance w² = {@code scheme.weightVariance(σ_w², fanIn,
     * fanOut)} with the shape's fans (for a convolution fanIn = C_in·k², fanOut = C·k²), biases
     * N(0, {@code scheme.biasVariance(σ_b²)}) (EoC variances from {@code eoc}). The readout always
     * gets W ~ N(0, 1/fanIn) and b = 0, whatever the distribution.
     *
     * <p>{@link WeightDistribution#GAUSSIAN}: every entry (every tap) N(0, w²), drawn in the order of W
     * [outputs × fanIn] row-major (an MLP then stores it transposed, so its draw is the same W as
     * before the layout changed).
     *
     * <p>{@link WeightDistribution#ORTHOGONAL}, dense map: W = g·Q with Q [fanOut × fanIn] a
     * Haar-random semi-orthogonal matrix (orthonormal rows if fanOut ≤ fanIn, else orthonormal
     * columns; see {@link #semiOrthogonal}). Q has min(fanIn, fanOut) unit rows or columns, so its
     * mean squared entry is 1/max(fanIn, fanOut), and g² = w²·max(fanIn, fanOut) gives the mean
     * per-entry variance w² of the Gaussian draw.
     *
     * <p>{@link WeightDistribution#ORTHOGONAL}, convolution (delta-orthogonal, Xiao et al. 2018):
     * every tap is zero except the centre one (ky = kx = ⌊k/2⌋, also for even k), which holds g·Q
     * with Q [C × C_in] semi-orthogonal. Derivation of g: with inputs of equal second moment m at
     * every pixel, a Gaussian filter gives E[z_c²] − σ_b² = Σ over C_in channels and k² taps of
     * w²·m = C_in·k²·w²·m at every position whose window lies inside the image. The
     * delta-orthogonal filter reads one tap per input channel, so E[z_c²] − σ_b² = g²·m·Σ_{c'}
     * E[Q_{cc'}²] = g²·m·C_in/max(C_in, C) (averaged over c; the cross terms vanish by the sign
     * symmetry of the Haar measure). Equating the two: g² = w²·k²·max(C_in, C), i.e. the centre tap
     * carries the whole filter's variance. At positions whose window reaches into the zero padding
     * the Gaussian filter sees fewer non-zero inputs while the centre tap usually still reads a
     * pixel (always for odd k with padding ≤ ⌊k/2⌋), so there the delta-orthogonal E[z²] is the
     * larger one.
     */
    public static float[] draw(
            NetworkShape shape, InitScheme scheme, WeightDistribution weights, EocInit eoc, long seed) {
        float[] params = new float[shape.parameterCount()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l < maps(shape); l++) {
            LinearMap m = map(shape, l);
            double weightVariance =
                    m.readout() ? 1.0 / m.fanIn() : scheme.weightVariance(eoc.weightVariance(), m.fanIn(), m.fanOut());
            double biasSd = m.readout() ? 0.0 : Math.sqrt(scheme.biasVariance(eoc.biasVariance()));
            if (m.readout() || weights == WeightDistribution.GAUSSIAN) {
                double weightSd = Math.sqrt(weightVariance);
                for (int i = 0; i < m.outputs() * m.fanIn(); i++) {
                    params[m.weightOffset() + i] = (float) (weightSd * random.nextGaussian());
                }
            } else {
                drawOrthogonal(m, weightVariance, random, params);
            }
            if (shape instanceof MlpShape) {
                transposeInPlace(params, m.weightOffset(), m.outputs(), m.fanIn());
            }
            for (int i = 0; i < m.outputs(); i++) {
                params[m.biasOffset() + i] = biasSd == 0 ? 0f : (float) (biasSd * random.nextGaussian());
            }
        }
        return params;
    }

    /**
     * Rewrites W [rows × cols] at {@code offset} as Wᵀ [cols × rows]: an MLP stores its maps
     * transposed ({@link MlpShape}), and drawing W first then transposing keeps the draw (and the
     * orientation of an orthogonal W's orthonormal rows or columns) the same as for a CNN map.
     */
    private static void transposeInPlace(float[] params, int offset, int rows, int cols) {
        float[] w = Arrays.copyOfRange(params, offset, offset + rows * cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                params[offset + c * rows + r] = w[r * cols + c];
            }
        }
    }

    /** W = g·Q (dense) or the delta-orthogonal kernel (convolution), as documented on {@link #draw}. */
    private static void drawOrthogonal(LinearMap m, double weightVariance, SplittableRandom random, float[] params) {
        int k = m.kernel();
        int inChannels = m.inChannels();
        int outputs = m.outputs();
        double[] q = semiOrthogonal(outputs, inChannels, random);
        double g = Math.sqrt(weightVariance * k * k * Math.max(outputs, inChannels));
        int centre = (k / 2) * k + k / 2; // tap (⌊k/2⌋, ⌊k/2⌋) within a [k, k] filter
        for (int c = 0; c < outputs; c++) {
            for (int ci = 0; ci < inChannels; ci++) {
                // Entries not written here stay 0: the other taps of a delta-orthogonal kernel.
                params[m.weightOffset() + c * m.fanIn() + ci * k * k + centre] = (float) (g * q[c * inChannels + ci]);
            }
        }
    }

    /**
     * A Haar-distributed (uniformly random) semi-orthogonal matrix Q [rows × cols] row-major, in
     * double: orthonormal columns if rows ≥ cols, else orthonormal rows. Draws A [max × min] with
     * N(0, 1) entries (max = max(rows, cols), min likewise), factors A = Q̃R and returns Q̃ (or its
     * transpose when rows &lt; cols). Q̃ is Haar only for the QR factorisation whose R has a
     * positive diagonal (Mezzadri 2007: multiply each column of Q̃ by the sign of R's diagonal entry).
     * Gram–Schmidt produces exactly that factorisation, since each R_jj is the norm of the column's
     * residual; each column is orthogonalised twice ("twice is enough", Giraud et al. 2005), which
     * keeps Q̃ orthonormal to rounding for the condition numbers of Gaussian matrices.
     */
    private static double[] semiOrthogonal(int rows, int cols, SplittableRandom random) {
        int tall = Math.max(rows, cols);
        int narrow = Math.min(rows, cols);
        double[] a = new double[narrow * tall]; // column j of A at [j·tall, (j + 1)·tall)
        for (int i = 0; i < tall; i++) {
            for (int j = 0; j < narrow; j++) {
                a[j * tall + i] = random.nextGaussian(); // A [tall × narrow] drawn row-major
            }
        }
        for (int j = 0; j < narrow; j++) {
            int cj = j * tall;
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    int cp = p * tall;
                    double dot = 0;
                    for (int i = 0; i < tall; i++) {
                        dot += a[cp + i] * a[cj + i];
                    }
                    for (int i = 0; i < tall; i++) {
                        a[cj + i] -= dot * a[cp + i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < tall; i++) {
                norm += a[cj + i] * a[cj + i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < tall; i++) {
                a[cj + i] /= norm;
            }
        }
        double[] q = new double[rows * cols];
        for (int i = 0; i < tall; i++) {
            for (int j = 0; j < narrow; j++) {
                double v = a[j * tall + i]; // Q̃[i, j]
                if (rows >= cols) {
                    q[i * cols + j] = v;
                } else {
                    q[j * cols + i] = v; // Q = Q̃ᵀ
                }
            }
        }
        return q;
    }

    /**
     * The factor c to multiply inputs by so that the first layer's pre-activation variance at init
     * is about q*. With w² the first map's per-entry weight variance and inputs whose every feature
     * has second moment E‖x‖²/inputs, a pre-activation sums fanIn(0) products, so E[z²] =
     * c²·fanIn(0)·w²·E‖x‖²/inputs + σ_b², and c = √((q* − σ_b²)/(fanIn(0)·w²·E‖x‖²/inputs)). For
     * an MLP fanIn(0) = inputs and this is c = √((q* − σ_b²)/(w²·E‖x‖²)) (computed bit-identically).
     * For a CNN fanIn(0) = C_in·k², and the formula holds at positions whose window lies inside the
     * image (zero padding lowers E[z²] at the border). {@code meanSquaredNorm} is E‖x‖² over the
     * training inputs.
     */
    public static double inputScale(NetworkShape shape, InitScheme scheme, EocInit eoc, double meanSquaredNorm) {
        if (!(meanSquaredNorm > 0)) {
            throw new IllegalArgumentException("inputs are all zero: cannot scale them to q*");
        }
        LinearMap first = map(shape, 0);
        double w2 = scheme.weightVariance(eoc.weightVariance(), first.fanIn(), first.fanOut());
        double target = eoc.qStar() - scheme.biasVariance(eoc.biasVariance());
        double fanInPerInput = (double) first.fanIn() / shape.inputs(); // 1 for an MLP
        return Math.sqrt(target / (w2 * meanSquaredNorm * fanInPerInput));
    }
}
