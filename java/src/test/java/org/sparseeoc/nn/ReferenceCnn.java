package org.sparseeoc.nn;

import org.sparseeoc.activation.Activation;

/**
 * A plain double-precision CNN forward pass in {@link CnnShape}'s layout, for tests: direct
 * convolution loops (no im2col), written from the definitions in {@link CnnShape}.
 */
final class ReferenceCnn {
    private ReferenceCnn() {}

    /** Mean softmax cross-entropy of the batch. */
    static double loss(CnnShape shape, Activation phi, double[] p, float[] x, int[] y, int rows) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double[] logits = forward(shape, phi, p, x, r, null, null);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logits) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : logits) {
                sum += Math.exp(v - max);
            }
            total += Math.log(sum) + max - logits[y[r]];
        }
        return total / rows;
    }

    /** The logits [rows × classes]. */
    static double[] logits(CnnShape shape, Activation phi, double[] p, float[] x, int rows) {
        double[] out = new double[rows * shape.classes()];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(forward(shape, phi, p, x, r, null, null), 0, out, r * shape.classes(), shape.classes());
        }
        return out;
    }

    /**
     * Hidden layer l's pre-activations [rows × P·C], per example position-major, channel-minor
     * (the layout {@link Cnn#preActivations} documents).
     */
    static double[] preActivations(CnnShape shape, Activation phi, double[] p, float[] x, int rows, int layer) {
        int units = shape.hiddenUnits(layer);
        double[] out = new double[rows * units];
        for (int r = 0; r < rows; r++) {
            double[][] z = new double[shape.depth()][];
            forward(shape, phi, p, x, r, null, z);
            System.arraycopy(z[layer], 0, out, r * units, units);
        }
        return out;
    }

    /** The regions of φ of every hidden pre-activation (see {@link ReferenceMlp#pattern}). */
    static String pattern(CnnShape shape, Activation phi, double[] p, float[] x, int rows) {
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            forward(shape, phi, p, x, r, out, null);
        }
        return out.toString();
    }

    /**
     * One example's logits; appends the φ-regions to {@code pattern} and stores z_l (NHWC) in
     * {@code z[l]} when these are not null.
     */
    private static double[] forward(
            CnnShape shape, Activation phi, double[] p, float[] x, int row, StringBuilder pattern, double[][] z) {
        int k = shape.kernel();
        int pad = shape.padding();
        int channels = shape.channels();
        double[] in = new double[shape.inputs()]; // [C_in, H, W]
        for (int i = 0; i < in.length; i++) {
            in[i] = x[row * shape.inputs() + i];
        }
        for (int l = 0; l < shape.depth(); l++) {
            int cin = shape.inChannels(l);
            int hin = shape.inHeight(l);
            int win = shape.inWidth(l);
            int ho = shape.outHeight(l);
            int wo = shape.outWidth(l);
            int s = shape.stride(l);
            int w = (int) shape.weightOffset(l);
            int b = (int) shape.biasOffset(l);
            double[] out = new double[channels * ho * wo]; // [C, Ho, Wo]
            double[] zl = new double[ho * wo * channels]; // [Ho·Wo, C]
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    for (int c = 0; c < channels; c++) {
                        double sum = p[b + c];
                        for (int ci = 0; ci < cin; ci++) {
                            for (int ky = 0; ky < k; ky++) {
                                int iy = oy * s + ky - pad;
                                for (int kx = 0; kx < k; kx++) {
                                    int ix = ox * s + kx - pad;
                                    if (iy >= 0 && iy < hin && ix >= 0 && ix < win) {
                                        sum += p[w + c * cin * k * k + (ci * k + ky) * k + kx]
                                                * in[(ci * hin + iy) * win + ix];
                                    }
                                }
                            }
                        }
                        zl[(oy * wo + ox) * channels + c] = sum;
                        if (pattern != null) {
                            pattern.append(ReferenceMlp.region(phi, sum));
                        }
                        out[(c * ho + oy) * wo + ox] = phi.apply(sum);
                    }
                }
            }
            if (z != null) {
                z[l] = zl;
            }
            in = out;
        }
        int positions = shape.poolPositions();
        double[] pooled = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int q = 0; q < positions; q++) {
                sum += in[c * positions + q];
            }
            pooled[c] = sum / positions;
        }
        int top = shape.depth();
        int w = (int) shape.weightOffset(top);
        int b = (int) shape.biasOffset(top);
        double[] logits = new double[shape.classes()];
        for (int o = 0; o < logits.length; o++) {
            double sum = p[b + o];
            for (int c = 0; c < channels; c++) {
                sum += p[w + o * channels + c] * pooled[c];
            }
            logits[o] = sum;
        }
        return logits;
    }
}
