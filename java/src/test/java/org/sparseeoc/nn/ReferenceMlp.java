package org.sparseeoc.nn;

import org.sparseeoc.activation.Activation;

/** A plain double-precision MLP forward pass in {@link MlpShape}'s layout, for tests. */
final class ReferenceMlp {
    private ReferenceMlp() {}

    /** Mean softmax cross-entropy of the batch. */
    static double loss(MlpShape shape, Activation phi, double[] p, float[] x, int[] y, int rows) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double[] logits = forward(shape, phi, p, x, r, null);
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

    /**
     * The region of φ every hidden pre-activation falls in (zero, linear, clipped, and sign), as a
     * string: equal patterns mean the loss is smooth between the two parameter vectors.
     */
    static String pattern(MlpShape shape, Activation phi, double[] p, float[] x, int rows) {
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            forward(shape, phi, p, x, r, out);
        }
        return out.toString();
    }

    private static double[] forward(
            MlpShape shape, Activation phi, double[] p, float[] x, int row, StringBuilder pattern) {
        double[] in = new double[shape.inputs()];
        for (int i = 0; i < in.length; i++) {
            in[i] = x[row * shape.inputs() + i];
        }
        for (int l = 0; l < shape.maps(); l++) {
            int fanIn = shape.fanIn(l);
            int fanOut = shape.fanOut(l);
            int b = (int) shape.biasOffset(l);
            double[] out = new double[fanOut];
            for (int o = 0; o < fanOut; o++) {
                double z = p[b + o];
                for (int i = 0; i < fanIn; i++) {
                    z += p[(int) shape.weightIndex(l, o, i)] * in[i];
                }
                if (l < shape.depth()) {
                    if (pattern != null) {
                        pattern.append(region(phi, z));
                    }
                    z = phi.apply(z);
                }
                out[o] = z;
            }
            in = out;
        }
        return in;
    }

    /** The region of φ that z falls in: exact zero, linear (sign), or clipped (sign). */
    static char region(Activation phi, double z) {
        if (phi.isExactZero(z)) {
            return '0';
        }
        return phi.derivative(z) != 0 ? (z > 0 ? '+' : '-') : (z > 0 ? 'M' : 'm');
    }
}
