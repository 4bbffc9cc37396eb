package org.sparseeoc.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparseeoc.backend.cpu.HostArrays.gaussian;
import static org.sparseeoc.backend.cpu.HostArrays.get;
import static org.sparseeoc.backend.cpu.HostArrays.nans;
import static org.sparseeoc.backend.cpu.HostArrays.put;
import static org.sparseeoc.backend.cpu.HostArrays.uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.activation.ClippedRelu;
import org.sparseeoc.activation.ClippedSoftThreshold;
import org.sparseeoc.activation.Relu;
import org.sparseeoc.activation.ShiftedRelu;
import org.sparseeoc.activation.SoftThreshold;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.SparseRows;
import org.sparseeoc.backend.Transpose;
import org.sparseeoc.testing.Tolerance;

/**
 * Every {@link CpuSparseOps} product, with each set of loops (the Vector API {@link
 * SimdSparseKernels} on the caller and split over three threads, whose parts then end mid-batch,
 * and the plain-Java {@link SparseKernels}), against the dense OpenBLAS path
 * ({@code gemm}) element by element, over seeded random shapes that include 1, odd sizes and sizes
 * past the kernels' blocking ({@link SparseKernels#CHUNK} output columns, {@link SparseKernels#BLOCK}
 * weight-gradient rows, the dot product's {@link SparseKernels#LANES}; one vector, one and several
 * SIMD panels of {@link SimdSparseKernels#VECTORS} vectors with and without a tail, and widths below
 * one vector, which the SIMD loops hand to the plain ones), zero fractions 0 (all nonzero), 0.5, 0.85, 0.9, 0.99 and
 * 1 (all zero), and explicitly empty rows. Outputs start as NaN, so an element a kernel fails to
 * write fails the comparison. Tolerance: both sides sum k float32 products in different orders, so
 * they may differ by about k·2⁻²⁴ times the sum of |terms| (≤ k here, values in [−1, 1]); the
 * bound used is 1e-6·k absolute + 1e-5 relative, far below the O(0.1) error of a missed or
 * misplaced term.
 */
class SparseProductsTest {
    private static CpuOps ops;
    private static CpuSparseOps simd;
    private static CpuSparseOps simdThreads;
    private static CpuSparseOps scalar;

    /** The loops under test: SIMD on the caller, SIMD over three threads, plain Java. */
    enum Loops {
        SIMD,
        SIMD_3_THREADS,
        SCALAR
    }

    @BeforeAll
    static void open() {
        ops = new CpuOps();
        simd = new CpuSparseOps(ops, true, 1);
        simdThreads = new CpuSparseOps(ops, true, 3);
        scalar = new CpuSparseOps(ops, false, 1);
    }

    private static CpuSparseOps loops(Loops loops) {
        return switch (loops) {
            case SIMD -> simd;
            case SIMD_3_THREADS -> simdThreads;
            case SCALAR -> scalar;
        };
    }

    /** The test JVM loads the Vector API module (pom.xml), so the SIMD loops really are under test. */
    @Test
    void bothLoopSetsAreUnderTest() {
        assertTrue(CpuSparseOps.simdAvailable(), "surefire must start the JVM with --add-modules=jdk.incubator.vector");
        assertTrue(simd.loops().startsWith("simd"), simd.loops());
        assertTrue(simdThreads.loops().endsWith("3 threads)"), simdThreads.loops());
        assertTrue(scalar.loops().startsWith("scalar"), scalar.loops());
    }

    @AfterAll
    static void close() {
        simd.close();
        simdThreads.close();
        scalar.close();
        ops.close();
    }

    record Case(int rows, int nIn, int nOut, double zeroFraction, long seed) {}

    static List<Arguments> cases() {
        int[][] shapes = {
            {1, 1, 1},
            {1, 5, 3},
            {7, 1, 33},
            {33, 300, 37},
            {5, 67, 1025},
            {64, 1030, 129},
            {1100, 3, 20},
            {3, 17, 2050},
            {6, 31, 15},
            {9, 20, 16},
            {4, 45, 128},
            {5, 64, 300},
            {2, 40, 255},
            {3, 8, 143}
        };
        double[] zeroFractions = {0, 0.5, 0.85, 0.9, 0.99, 1};
        List<Arguments> all = new ArrayList<>();
        long seed = 1;
        for (int[] s : shapes) {
            for (double z : zeroFractions) {
                Case c = new Case(s[0], s[1], s[2], z, seed++);
                for (Loops l : Loops.values()) {
                    all.add(Arguments.of(c, l));
                }
            }
        }
        return all;
    }

    /**
     * h [rows × nIn]: each element 0 with probability zeroFraction, else uniform in (0, 1] (a CReLU
     * output with clip 1); at fractions strictly between 0 and 1, every third row is all zero.
     */
    static float[] sparseInput(Random rng, Case c) {
        float[] h = new float[c.rows() * c.nIn()];
        boolean emptyRows = c.zeroFraction() > 0 && c.zeroFraction() < 1;
        for (int r = 0; r < c.rows(); r++) {
            for (int j = 0; j < c.nIn(); j++) {
                boolean zero = (emptyRows && r % 3 == 1) || rng.nextDouble() < c.zeroFraction();
                h[r * c.nIn() + j] = zero ? 0f : (float) (1 - rng.nextDouble());
            }
        }
        return h;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void productsMatchDenseGemm(Case c, Loops l) {
        CpuSparseOps sparse = loops(l);
        Random rng = new Random(c.seed());
        int b = c.rows();
        int nIn = c.nIn();
        int nOut = c.nOut();
        float[] hHost = sparseInput(rng, c); // [b × nIn]
        Tolerance tolForward = new Tolerance(1e-6 * nIn, 1e-5);
        Tolerance tolWeight = new Tolerance(1e-6 * b, 1e-5);
        Tolerance tolInput = new Tolerance(1e-6 * nOut, 1e-5);
        try (FloatBuffer h = put(ops, hHost);
                FloatBuffer w = put(ops, uniform(rng, nOut * nIn, 1)); // [nOut × nIn]
                FloatBuffer wT = nans(ops, nIn * nOut); // [nIn × nOut]
                FloatBuffer bias = put(ops, uniform(rng, nOut, 1)); // [nOut]
                FloatBuffer delta = put(ops, uniform(rng, b * nOut, 1)); // [b × nOut]
                FloatBuffer ref = nans(ops, Math.max(b * nOut, Math.max(nOut * nIn, b * nIn)));
                FloatBuffer out = nans(ops, Math.max(b * nOut, Math.max(nOut * nIn, b * nIn)));
                SparseRows hs = sparse.allocateRows(b, nIn)) {
            ops.batchedTranspose(w, wT, 1, nOut, nIn);
            sparse.compressRows(h, b, hs);
            long nonzeros = 0;
            for (float v : hHost) {
                nonzeros += v != 0 ? 1 : 0;
            }
            assertEquals(nonzeros, hs.nonzeros(), "stored nonzeros");
            assertEquals(b, hs.rows());

            // Forward, with and without bias: z = h·Wᵀ (+ b).
            ops.gemm(Transpose.NO, Transpose.YES, b, nOut, nIn, 1f, h, nIn, w, nIn, 0f, ref, nOut);
            sparse.sparseDenseForward(hs, wT, null, out, nOut);
            compare("forward z", tolForward, get(ops, ref, b * nOut), get(ops, out, b * nOut), nOut);
            ops.biasAdd(ref, bias, b, nOut);
            ops.fill(out, out.length(), Float.NaN);
            sparse.sparseDenseForward(hs, wT, bias, out, nOut);
            compare("forward z + b", tolForward, get(ops, ref, b * nOut), get(ops, out, b * nOut), nOut);

            // Weight gradient dW = δᵀ·h.
            ops.gemm(Transpose.YES, Transpose.NO, nOut, nIn, b, 1f, delta, nOut, h, nIn, 0f, ref, nIn);
            ops.fill(out, out.length(), Float.NaN);
            sparse.sparseWeightGradient(delta, hs, out, nOut);
            compare("dW", tolWeight, get(ops, ref, nOut * nIn), get(ops, out, nOut * nIn), nIn);

            // The same gradient transposed, dWᵀ = hᵀ·δ [nIn × nOut].
            ops.gemm(Transpose.YES, Transpose.NO, nIn, nOut, b, 1f, h, nIn, delta, nOut, 0f, ref, nOut);
            ops.fill(out, out.length(), Float.NaN);
            sparse.sparseWeightGradientTransposed(delta, hs, out, nOut);
            compare("dWT", tolWeight, get(ops, ref, nIn * nOut), get(ops, out, nIn * nOut), nOut);

            // Masked input gradient: δ·W at the nonzeros of h, exact 0 elsewhere.
            ops.gemm(Transpose.NO, Transpose.NO, b, nIn, nOut, 1f, delta, nOut, w, nIn, 0f, ref, nIn);
            ops.fill(out, out.length(), Float.NaN);
            sparse.maskedInputGradient(delta, wT, hs, out, nOut);
            float[] dense = get(ops, ref, b * nIn);
            for (int i = 0; i < dense.length; i++) {
                dense[i] = hHost[i] != 0 ? dense[i] : 0f;
            }
            compare("masked dH", tolInput, dense, get(ops, out, b * nIn), nIn);
        }
    }

    /** Per-element comparison naming [row, col] (rowLength columns per row). */
    private static void compare(String what, Tolerance tol, float[] ref, float[] out, int rowLength) {
        for (int i = 0; i < ref.length; i++) {
            tol.check(what + "[" + i / rowLength + "," + i % rowLength + "]", ref[i], out[i]);
        }
    }

    static List<Arguments> activations() {
        List<Arguments> all = new ArrayList<>();
        for (Activation a : List.of(
                new Relu(),
                new ShiftedRelu(0.3),
                new SoftThreshold(0.4),
                new ClippedRelu(0.5, 1.0),
                new ClippedSoftThreshold(0.25, 0.7))) {
            for (Loops l : Loops.values()) {
                all.add(Arguments.of(a, l));
            }
        }
        return all;
    }

    /**
     * φ(z) compressed in one pass stores exactly the nonzeros of the dense forward op (the plain-Java
     * ActivationKernels), bit for bit, with either set of loops.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("activations")
    void activationCompressMatchesForwardOp(Activation activation, Loops l) {
        CpuSparseOps sparse = loops(l);
        Random rng = new Random(42);
        int b = 9;
        int n = 2100; // past a Tiles.TILE, and 4 columns past the last 16-lane vector
        float[] zHost = gaussian(rng, b * n, 1);
        for (int j = 0; j < n; j++) {
            zHost[4 * n + j] = -5f; // an empty row for every kind but the odd ones
        }
        try (FloatBuffer z = put(ops, zHost);
                FloatBuffer h = nans(ops, b * n);
                SparseRows fromH = sparse.allocateRows(b, n);
                SparseRows fromZ = sparse.allocateRows(b + 2, n)) {
            ops.activationForward(activation, z, h, (long) b * n);
            sparse.compressRows(h, b, fromH);
            sparse.activationCompress(activation, z, b, fromZ);
            HostSparseRows x = (HostSparseRows) fromH;
            HostSparseRows y = (HostSparseRows) fromZ;
            assertEquals(b, y.rows());
            for (int r = 0; r <= b; r++) {
                assertEquals(x.rowStart[r], y.rowStart[r], "rowStart[" + r + "]");
            }
            for (int k = 0; k < x.rowStart[b]; k++) {
                assertEquals(x.col[k], y.col[k], "col[" + k + "]");
                assertEquals(Float.floatToRawIntBits(x.val[k]), Float.floatToRawIntBits(y.val[k]), "val[" + k + "]");
            }
            float[] dense = get(ops, h, b * n);
            for (int r = 0; r < b; r++) {
                int k = x.rowStart[r];
                for (int j = 0; j < n; j++) {
                    if (dense[r * n + j] != 0) {
                        assertEquals(j, x.col[k], "row " + r + " entry " + k);
                        assertEquals(dense[r * n + j], x.val[k++]);
                    }
                }
                assertEquals(x.rowStart[r + 1], k, "row " + r + " end");
            }
        }
    }

    /**
     * The transpose the weight gradient and masked input gradient share is rebuilt when the same
     * SparseRows is refilled with another pattern (a stale one would give the first h's gradient).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Loops.class)
    void refilledRowsAreTransposedAfresh(Loops l) {
        CpuSparseOps sparse = loops(l);
        Random rng = new Random(99);
        int b = 12;
        int nIn = 40; // > b: the SIMD masked gradient goes by column, through the transpose
        int nOut = 33;
        Tolerance tol = new Tolerance(1e-6 * b, 1e-5);
        try (FloatBuffer h = nans(ops, b * nIn);
                FloatBuffer delta = put(ops, uniform(rng, b * nOut, 1)); // [b × nOut]
                FloatBuffer ref = nans(ops, nIn * nOut);
                FloatBuffer out = nans(ops, nIn * nOut);
                SparseRows hs = sparse.allocateRows(b, nIn)) {
            for (double zeros : new double[] {0.9, 0.5}) {
                Case c = new Case(b, nIn, nOut, zeros, 7);
                ops.upload(sparseInput(rng, c), 0, h, 0, b * nIn);
                sparse.compressRows(h, b, hs);
                ops.gemm(Transpose.YES, Transpose.NO, nIn, nOut, b, 1f, h, nIn, delta, nOut, 0f, ref, nOut);
                ops.fill(out, out.length(), Float.NaN);
                sparse.sparseWeightGradientTransposed(delta, hs, out, nOut);
                compare("dWT at zeros " + zeros, tol, get(ops, ref, nIn * nOut), get(ops, out, nIn * nOut), nOut);
            }
        }
    }

    @Test
    void rejectsForeignClosedAndOversizedArguments() {
        CpuSparseOps sparse = simd;
        try (CpuOps other = new CpuOps();
                FloatBuffer foreign = other.allocate(16);
                FloatBuffer h = ops.allocate(16);
                SparseRows rows = sparse.allocateRows(2, 8)) {
            assertThrows(IllegalArgumentException.class, () -> sparse.compressRows(foreign, 2, rows));
            assertThrows(IllegalArgumentException.class, () -> sparse.compressRows(h, 3, rows));
            assertThrows(IndexOutOfBoundsException.class, () -> sparse.sparseDenseForward(rows, h, null, h, 3));
            // dWᵀ [8 × 3] needs 24 elements; h holds 16.
            assertThrows(IndexOutOfBoundsException.class, () -> sparse.sparseWeightGradientTransposed(h, rows, h, 3));
            assertThrows(
                    IllegalArgumentException.class, () -> sparse.sparseWeightGradientTransposed(foreign, rows, h, 1));
            SparseRows theirs = new CpuSparseOps(ops).allocateRows(2, 8);
            assertThrows(IllegalArgumentException.class, () -> sparse.sparseDenseForward(theirs, h, null, h, 1));
            SparseRows closed = sparse.allocateRows(2, 8);
            closed.close();
            assertThrows(IllegalStateException.class, () -> sparse.compressRows(h, 2, closed));
            assertThrows(IllegalStateException.class, closed::nonzeros);
        }
        assertThrows(IllegalArgumentException.class, () -> sparse.allocateRows(-1, 3));
    }
}
