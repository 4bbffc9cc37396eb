package org.sparseeoc.backend.cpu;

/**
 * Double-precision sums over a float tile, in two passes: widen (and square) the tile into a
 * double scratch tile, a loop C2 vectorises; then add it up with eight interleaved accumulators.
 * C2 does not vectorise the adding itself (Java fixes the order of additions), so one accumulator
 * would run at one add per add-latency; eight independent chains keep both FP adders busy. Widening
 * inside the chains instead is ~1.5× slower (scalar conversions). The order is fixed, so results
 * are bit-identical run to run: lane j sums the elements i ≡ j (mod 8), the tail goes to lane 0,
 * and the lanes combine pairwise.
 */
final class Sums {
    private Sums() {}

    /** Σ x[i] for i &lt; len, in double; wide: [≥ len] scratch. */
    static double sum(float[] x, int len, double[] wide) {
        for (int i = 0; i < len; i++) {
            wide[i] = x[i];
        }
        return sum(wide, len);
    }

    /** Σ x[i]² for i &lt; len, in double (each square of a float is exact in double); wide: scratch. */
    static double sumOfSquares(float[] x, int len, double[] wide) {
        for (int i = 0; i < len; i++) {
            double v = x[i];
            wide[i] = v * v;
        }
        return sum(wide, len);
    }

    /** Σ w[i] for i &lt; len over eight chains. */
    private static double sum(double[] w, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = 0;
        for (; i + 7 < len; i += 8) {
            s0 += w[i];
            s1 += w[i + 1];
            s2 += w[i + 2];
            s3 += w[i + 3];
            s4 += w[i + 4];
            s5 += w[i + 5];
            s6 += w[i + 6];
            s7 += w[i + 7];
        }
        for (; i < len; i++) {
            s0 += w[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
