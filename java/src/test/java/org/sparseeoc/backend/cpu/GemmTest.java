package org.sparseeoc.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparseeoc.backend.cpu.HostArrays.get;
import static org.sparseeoc.backend.cpu.HostArrays.put;
import static org.sparseeoc.backend.cpu.HostArrays.uniform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.Transpose;
import org.sparseeoc.testing.Tolerance;

/**
 * {@code gemm} against a naive double-precision triple loop: all four transpose combinations, odd
 * sizes (1, 31, 33, 257), leading dimensions larger than the row length (the padding must stay
 * untouched), beta = 0 over a C full of NaN (must be ignored), beta = 1 (accumulate) and a general
 * beta, and the degenerate sizes.
 */
class GemmTest {
    /** Padding marker in the unused columns of each stored row; gemm must never write there. */
    private static final float PAD = -12345.5f;

    private static CpuOps ops;

    @BeforeAll
    static void open() {
        ops = new CpuOps();
    }

    @AfterAll
    static void close() {
        ops.close();
    }

    record Case(Transpose ta, Transpose tb, int m, int n, int k, float alpha, float beta) {}

    static List<Case> cases() {
        int[][] shapes = {
            {1, 1, 1}, {31, 33, 257}, {257, 31, 33}, {33, 257, 31}, {1, 257, 33}, {257, 1, 31}, {31, 33, 1}
        };
        float[][] alphaBeta = {{1f, 0f}, {1f, 1f}, {-0.75f, 0.5f}};
        List<Case> all = new ArrayList<>();
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                for (int[] s : shapes) {
                    for (float[] ab : alphaBeta) {
                        all.add(new Case(ta, tb, s[0], s[1], s[2], ab[0], ab[1]));
                    }
                }
            }
        }
        return all;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesNaiveProduct(Case c) {
        Random rng = new Random(31L * c.m() + 7L * c.n() + c.k() + c.ta().ordinal() * 2 + c.tb().ordinal());
        // Stored shapes and padded leading dimensions (row length + 3).
        int aRows = c.ta() == Transpose.NO ? c.m() : c.k();
        int aCols = c.ta() == Transpose.NO ? c.k() : c.m();
        int bRows = c.tb() == Transpose.NO ? c.k() : c.n();
        int bCols = c.tb() == Transpose.NO ? c.n() : c.k();
        int lda = aCols + 3;
        int ldb = bCols + 5;
        int ldc = c.n() + 2;
        float[] a = padded(uniform(rng, aRows * aCols, 1), aRows, aCols, lda); // [aRows, lda]
        float[] b = padded(uniform(rng, bRows * bCols, 1), bRows, bCols, ldb); // [bRows, ldb]
        // beta = 0: C starts as NaN, which must not leak into the result (0·NaN would).
        float[] c0 = c.beta() == 0f ? nanArray(c.m() * c.n()) : uniform(rng, c.m() * c.n(), 1);
        float[] cIn = padded(c0, c.m(), c.n(), ldc); // [m, ldc]

        double[] ref = new double[c.m() * c.n()]; // [m, n]
        double[] absRef = new double[c.m() * c.n()]; // Σ|terms|, for the tolerance
        for (int i = 0; i < c.m(); i++) {
            for (int j = 0; j < c.n(); j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < c.k(); p++) {
                    double aip = c.ta() == Transpose.NO ? a[i * lda + p] : a[p * lda + i];
                    double bpj = c.tb() == Transpose.NO ? b[p * ldb + j] : b[j * ldb + p];
                    sum += aip * bpj;
                    abs += Math.abs(aip * bpj);
                }
                double prior = c.beta() == 0f ? 0 : c.beta() * (double) c0[i * c.n() + j];
                ref[i * c.n() + j] = c.alpha() * sum + prior;
                absRef[i * c.n() + j] = Math.abs(c.alpha()) * abs + Math.abs(prior);
            }
        }

        try (FloatBuffer ba = put(ops, a);
                FloatBuffer bb = put(ops, b);
                FloatBuffer bc = put(ops, cIn)) {
            ops.gemm(c.ta(), c.tb(), c.m(), c.n(), c.k(), c.alpha(), ba, lda, bb, ldb, c.beta(), bc, ldc);
            float[] out = get(ops, bc);
            for (int i = 0; i < c.m(); i++) {
                for (int j = 0; j < c.n(); j++) {
                    int e = i * c.n() + j;
                    // float32 accumulation over k terms: a few units of 2^-24 of Σ|terms| per term
                    // added is far more than OpenBLAS's blocked sums lose, far less than any wrong
                    // index or transpose produces (errors of order 1).
                    Tolerance tol = Tolerance.abs(1e-7 * (c.k() + 2) * absRef[e] + 1e-30);
                    tol.check(c + " C[" + i + "," + j + "]", ref[e], out[i * ldc + j]);
                }
                for (int j = c.n(); j < ldc; j++) {
                    assertEquals(PAD, out[i * ldc + j], c + ": padding C[" + i + "," + j + "] was written");
                }
            }
        }
    }

    @Test
    void zeroInnerDimensionScalesC() {
        // k = 0: C = beta·C; with beta = 0 even a NaN C becomes 0.
        try (FloatBuffer a = ops.allocate(1);
                FloatBuffer b = ops.allocate(1);
                FloatBuffer c = HostArrays.nans(ops, 6)) {
            ops.gemm(Transpose.NO, Transpose.NO, 2, 3, 0, 1f, a, 1, b, 3, 0f, c, 3);
            assertEquals("[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]", Arrays.toString(get(ops, c)));
            ops.fill(c, 6, 2f);
            ops.gemm(Transpose.NO, Transpose.NO, 2, 3, 0, 1f, a, 1, b, 3, 0.5f, c, 3);
            assertEquals("[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]", Arrays.toString(get(ops, c)));
        }
    }

    @Test
    void emptyOutputWritesNothing() {
        try (FloatBuffer a = ops.allocate(4);
                FloatBuffer b = ops.allocate(4);
                FloatBuffer c = HostArrays.nans(ops, 4)) {
            ops.gemm(Transpose.NO, Transpose.NO, 0, 2, 2, 1f, a, 2, b, 2, 0f, c, 2);
            ops.gemm(Transpose.NO, Transpose.NO, 2, 0, 2, 1f, a, 2, b, 1, 0f, c, 1);
            for (float v : get(ops, c)) {
                assertTrue(Float.isNaN(v), "an empty product wrote C");
            }
        }
    }

    @Test
    void rejectsBadLeadingDimensionsAndShortBuffers() {
        try (FloatBuffer a = ops.allocate(6);
                FloatBuffer b = ops.allocate(6);
                FloatBuffer c = ops.allocate(4)) {
            // A is 2×3: lda must be >= 3.
            assertThrows(
                    IllegalArgumentException.class,
                    () -> ops.gemm(Transpose.NO, Transpose.NO, 2, 2, 3, 1f, a, 2, b, 2, 0f, c, 2));
            // B is 3×2 with ldb 3: needs (3−1)·3 + 2 = 8 > 6 elements.
            assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> ops.gemm(Transpose.NO, Transpose.NO, 2, 2, 3, 1f, a, 3, b, 3, 0f, c, 2));
            // C is 2×2 with ldc 3: needs 5 > 4.
            assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> ops.gemm(Transpose.NO, Transpose.NO, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 3));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> ops.gemm(Transpose.NO, Transpose.NO, -1, 2, 3, 1f, a, 3, b, 2, 0f, c, 2));
        }
    }

    @Test
    void slicesAreOperands() {
        // C's second row block, via a slice, gets A·B; the rest of the base stays as it was.
        try (FloatBuffer a = put(ops, new float[] {1, 2, 3, 4}); // [2, 2]
                FloatBuffer b = put(ops, new float[] {1, 0, 0, 1}); // identity
                FloatBuffer base = HostArrays.nans(ops, 8)) {
            FloatBuffer c = ops.slice(base, 4, 4);
            ops.gemm(Transpose.NO, Transpose.NO, 2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2);
            float[] out = get(ops, base);
            assertEquals("[NaN, NaN, NaN, NaN, 1.0, 2.0, 3.0, 4.0]", Arrays.toString(out));
        }
    }

    /** x (rows×cols) stored with leading dimension ld, PAD in the gap. */
    private static float[] padded(float[] x, int rows, int cols, int ld) {
        float[] out = new float[rows * ld];
        Arrays.fill(out, PAD);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * cols, out, r * ld, cols);
        }
        return out;
    }

    private static float[] nanArray(int n) {
        float[] x = new float[n];
        Arrays.fill(x, Float.NaN);
        return x;
    }
}
