package org.sparseeoc.backend.cpu;

import java.util.Random;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.Ops;

/** Test helpers: host arrays to and from buffers, NaN-filled outputs, seeded random data. */
final class HostArrays {
    private HostArrays() {}

    /** A new buffer holding x. */
    static FloatBuffer put(Ops ops, float[] x) {
        FloatBuffer b = ops.allocate(x.length);
        ops.upload(x, 0, b, 0, x.length);
        return b;
    }

    /** A new buffer of n NaNs: an op that fails to write an element leaves a NaN there. */
    static FloatBuffer nans(Ops ops, int n) {
        FloatBuffer b = ops.allocate(n);
        ops.fill(b, n, Float.NaN);
        return b;
    }

    /** The first n elements of b. */
    static float[] get(Ops ops, FloatBuffer b, int n) {
        float[] x = new float[n];
        ops.download(b, 0, x, 0, n);
        return x;
    }

    /** The whole of b. */
    static float[] get(Ops ops, FloatBuffer b) {
        return get(ops, b, Math.toIntExact(b.length()));
    }

    /** n floats uniform in [−scale, scale). */
    static float[] uniform(Random rng, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((2 * rng.nextDouble() - 1) * scale);
        }
        return x;
    }

    /** n floats from N(0, sigma²). */
    static float[] gaussian(Random rng, int n, double sigma) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (sigma * rng.nextGaussian());
        }
        return x;
    }

    /** The floats promoted to double. */
    static double[] widen(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /** Bit-exact equality of two float arrays (distinguishes −0 from +0 and NaN payloads). */
    static boolean sameBits(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }
}
