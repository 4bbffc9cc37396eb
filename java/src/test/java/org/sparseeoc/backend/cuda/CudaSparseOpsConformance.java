package org.sparseeoc.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sparseeoc.backend.cuda.CudaOpsConformance.get;
import static org.sparseeoc.backend.cuda.CudaOpsConformance.nans;
import static org.sparseeoc.backend.cuda.CudaOpsConformance.put;
import static org.sparseeoc.backend.cuda.CudaOpsConformance.uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.activation.ClippedRelu;
import org.sparseeoc.activation.ClippedSoftThreshold;
import org.sparseeoc.activation.Relu;
import org.sparseeoc.activation.ShiftedRelu;
import org.sparseeoc.activation.SoftThreshold;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.SparseOps;
import org.sparseeoc.backend.SparseRows;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cpu.CpuSparseOps;
import org.sparseeoc.testing.Tolerance;

/**
 * Every {@link SparseOps} method of {@link CudaSparseOps} against {@link CpuSparseOps}, the
 * reference, on whatever {@link Device} a subclass opens: the emulator in CI ({@link
 * EmulatedCudaSparseOpsConformanceTest}) and a real GPU under the {@code gpu} tag ({@link
 * JCudaSparseOpsConformanceTest}, which also checks cuSPARSE against them). Seeded random shapes
 * with 1, odd sizes and sizes past the kernels' 256-thread blocks (a row's entries staged 256 at
 * a time, 1024 weight-gradient outputs per block, the scan's 256-row chunks), zero fractions 0
 * (all nonzero) to 1 (all zero), and explicitly empty rows. Outputs start as NaN, so an element a
 * kernel fails to write fails the comparison.
 *
 * <p>Tolerances: the compressed CSR is compared exactly (indices, and values bit for bit); each
 * product sums k float32 terms of magnitude ≤ 1 in another order than the CPU, so the two may
 * differ by about k·2⁻²⁴ (the bound used, 1e-6·k absolute + 1e-5 relative, is far below the O(0.1)
 * of a missed or misplaced term); the masked gradient's zeros are exact on both sides.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CudaSparseOpsConformance {
    private CpuOps cpu;
    private CpuSparseOps cpuSparse;
    private CudaOps gpu;
    private CudaSparseOps gpuSparse;
    private String unavailable;

    /** Opens the device under test; skips (JUnit assumptions) where there is none. */
    abstract Device openDevice();

    @BeforeAll
    void open() {
        cpu = new CpuOps();
        cpuSparse = new CpuSparseOps(cpu);
        try {
            gpu = new CudaOps(openDevice());
            gpuSparse = new CudaSparseOps(gpu);
        } catch (TestAbortedException e) {
            unavailable = e.getMessage();
        }
    }

    @BeforeEach
    void requireDevice() {
        assumeTrue(gpu != null, () -> unavailable);
    }

    @AfterAll
    void close() {
        if (gpu != null) {
            gpu.close();
        }
        if (cpu != null) {
            cpu.close();
        }
    }

    CudaOps gpu() {
        return gpu;
    }

    CudaSparseOps gpuSparse() {
        return gpuSparse;
    }

    record Case(int rows, int nIn, int nOut, double zeroFraction, long seed) {}

    static List<Case> cases() {
        int[][] shapes = {{1, 1, 1}, {1, 5, 3}, {7, 1, 33}, {33, 300, 37}, {5, 67, 1030}, {300, 40, 9}, {3, 600, 257}};
        double[] zeroFractions = {0, 0.5, 0.9, 0.99, 1};
        List<Case> all = new ArrayList<>();
        long seed = 100;
        for (int[] s : shapes) {
            for (double z : zeroFractions) {
                all.add(new Case(s[0], s[1], s[2], z, seed++));
            }
        }
        return all;
    }

    /**
     * h [rows × nIn]: each element 0 with probability zeroFraction, else uniform in [−1, 1] minus
     * {0} (signed, like ST's outputs); at fractions strictly between 0 and 1, every third row is
     * all zero, and some zeros are −0 (dropped like +0).
     */
    static float[] sparseInput(Random rng, Case c) {
        float[] h = new float[c.rows() * c.nIn()];
        boolean emptyRows = c.zeroFraction() > 0 && c.zeroFraction() < 1;
        for (int r = 0; r < c.rows(); r++) {
            for (int j = 0; j < c.nIn(); j++) {
                boolean zero = (emptyRows && r % 3 == 1) || rng.nextDouble() < c.zeroFraction();
                float v = (float) (1 - rng.nextDouble()) * (rng.nextBoolean() ? 1 : -1);
                h[r * c.nIn() + j] = zero ? (rng.nextBoolean() ? 0f : -0f) : v;
            }
        }
        return h;
    }

    /** The device CSR as host arrays: rowStart [rows + 1], col and val [nnz]. */
    record HostCsr(int[] rowStart, int[] col, float[] val) {}

    HostCsr download(SparseRows rows) {
        CudaSparseRows c = gpuSparse.own(rows, "rows");
        Device device = gpu.device();
        int[] rowStart = new int[c.rows() + 1];
        device.copyToHost(c.rowStart.address, rowStart, 0, rowStart.length);
        int nnz = rowStart[c.rows()];
        int[] col = new int[nnz];
        float[] val = new float[nnz];
        device.copyToHost(c.col.address, col, 0, nnz);
        device.copyToHost(c.val.address, val, 0, nnz);
        return new HostCsr(rowStart, col, val);
    }

    /** The CSR of a dense host matrix by the definition: nonzeros (≠ ±0) in row, then column order. */
    static HostCsr expectedCsr(float[] dense, int rows, int cols) {
        int[] rowStart = new int[rows + 1];
        List<Integer> col = new ArrayList<>();
        List<Float> val = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                float v = dense[r * cols + j];
                if (v != 0f) {
                    col.add(j);
                    val.add(v);
                }
            }
            rowStart[r + 1] = col.size();
        }
        float[] values = new float[val.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = val.get(k);
        }
        return new HostCsr(rowStart, col.stream().mapToInt(Integer::intValue).toArray(), values);
    }

    static void assertCsrEquals(String what, HostCsr expected, HostCsr actual) {
        assertArrayEquals(expected.rowStart(), actual.rowStart(), what + ": rowStart");
        assertArrayEquals(expected.col(), actual.col(), what + ": col");
        for (int k = 0; k < expected.val().length; k++) {
            assertEquals(
                    Float.floatToRawIntBits(expected.val()[k]),
                    Float.floatToRawIntBits(actual.val()[k]),
                    what + ": val[" + k + "] expected " + expected.val()[k] + " got " + actual.val()[k]);
        }
    }

    /** Per-element comparison naming [row, col] (rowLength columns per row). */
    static void compare(String what, Tolerance tol, float[] ref, float[] out, int rowLength) {
        for (int i = 0; i < ref.length; i++) {
            tol.check(what + "[" + i / rowLength + "," + i % rowLength + "]", ref[i], out[i]);
        }
    }

    /** The inputs of one case on one backend. */
    record Operands(FloatBuffer h, FloatBuffer wT, FloatBuffer bias, FloatBuffer delta, FloatBuffer out, SparseRows hs)
            implements AutoCloseable {
        static Operands upload(Ops ops, SparseOps sparse, Case c, float[] h, float[] wT, float[] bias, float[] delta) {
            int outLength = Math.max(c.rows() * c.nOut(), Math.max(c.nOut() * c.nIn(), c.rows() * c.nIn()));
            return new Operands(
                    put(ops, h),
                    put(ops, wT),
                    put(ops, bias),
                    put(ops, delta),
                    nans(ops, Math.max(1, outLength)),
                    sparse.allocateRows(c.rows(), c.nIn()));
        }

        @Override
        public void close() {
            hs.close();
            h.close();
            wT.close();
            bias.close();
            delta.close();
            out.close();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void productsMatchCpu(Case c) {
        Random rng = new Random(c.seed());
        int b = c.rows();
        int nIn = c.nIn();
        int nOut = c.nOut();
        float[] hHost = sparseInput(rng, c); // [b × nIn]
        float[] wT = uniform(rng, nIn * nOut, 1); // [nIn × nOut]
        float[] bias = uniform(rng, nOut, 1); // [nOut]
        float[] delta = uniform(rng, b * nOut, 1); // [b × nOut]
        Tolerance tolForward = new Tolerance(1e-6 * nIn, 1e-5);
        Tolerance tolWeight = new Tolerance(1e-6 * b, 1e-5);
        Tolerance tolInput = new Tolerance(1e-6 * nOut, 1e-5);
        try (Operands x = Operands.upload(cpu, cpuSparse, c, hHost, wT, bias, delta);
                Operands y = Operands.upload(gpu, gpuSparse, c, hHost, wT, bias, delta)) {
            cpuSparse.compressRows(x.h(), b, x.hs());
            gpuSparse.compressRows(y.h(), b, y.hs());
            assertEquals(b, y.hs().rows());
            assertEquals(x.hs().nonzeros(), y.hs().nonzeros(), "stored nonzeros");
            assertCsrEquals("compressRows", expectedCsr(hHost, b, nIn), download(y.hs()));

            for (boolean withBias : new boolean[] {false, true}) {
                cpuSparse.sparseDenseForward(x.hs(), x.wT(), withBias ? x.bias() : null, x.out(), nOut);
                gpu.fill(y.out(), y.out().length(), Float.NaN);
                gpuSparse.sparseDenseForward(y.hs(), y.wT(), withBias ? y.bias() : null, y.out(), nOut);
                compare(
                        withBias ? "forward z + b" : "forward z",
                        tolForward,
                        get(cpu, x.out(), b * nOut),
                        get(gpu, y.out(), b * nOut),
                        nOut);
            }

            cpuSparse.sparseWeightGradient(x.delta(), x.hs(), x.out(), nOut);
            gpu.fill(y.out(), y.out().length(), Float.NaN);
            gpuSparse.sparseWeightGradient(y.delta(), y.hs(), y.out(), nOut);
            compare("dW", tolWeight, get(cpu, x.out(), nOut * nIn), get(gpu, y.out(), nOut * nIn), nIn);

            cpuSparse.maskedInputGradient(x.delta(), x.wT(), x.hs(), x.out(), nOut);
            gpu.fill(y.out(), y.out().length(), Float.NaN);
            gpuSparse.maskedInputGradient(y.delta(), y.wT(), y.hs(), y.out(), nOut);
            float[] dH = get(gpu, y.out(), b * nIn);
            compare("masked dH", tolInput, get(cpu, x.out(), b * nIn), dH, nIn);
            for (int i = 0; i < dH.length; i++) {
                if (hHost[i] == 0f) {
                    assertEquals(0, Float.floatToRawIntBits(dH[i]), "dH[" + i + "] off the mask must be +0");
                }
            }
        }
    }

    static List<Activation> activations() {
        return List.of(
                new Relu(),
                new ShiftedRelu(0.3),
                new SoftThreshold(0.4),
                new ClippedRelu(0.5, 1.0),
                new ClippedSoftThreshold(0.25, 0.7));
    }

    /**
     * φ(z) compressed in one pass stores exactly the nonzeros of the dense forward op (CPU), bit for
     * bit, including a row with no nonzero, into a buffer with more rows than used.
     */
    @ParameterizedTest
    @MethodSource("activations")
    void activationCompressMatchesTheForwardOp(Activation activation) {
        Random rng = new Random(7);
        int b = 6;
        int n = 300; // past one 256-column chunk
        float[] zHost = CudaOpsConformance.uniform(rng, b * n, 2);
        for (int j = 0; j < n; j++) {
            zHost[2 * n + j] = 0.1f; // an empty row for every kind but ReLU
        }
        float[] h;
        try (FloatBuffer z = put(cpu, zHost);
                FloatBuffer hb = nans(cpu, b * n)) {
            cpu.activationForward(activation, z, hb, (long) b * n);
            h = get(cpu, hb, b * n);
        }
        try (FloatBuffer z = put(gpu, zHost);
                SparseRows hs = gpuSparse.allocateRows(b + 3, n)) {
            gpuSparse.activationCompress(activation, z, b, hs);
            assertEquals(b, hs.rows());
            assertCsrEquals(activation.toString(), expectedCsr(h, b, n), download(hs));
        }
    }

    /** Compressing 0 rows, then fewer rows than before, leaves exactly the new contents. */
    @Test
    void reuseAndZeroRows() {
        Random rng = new Random(11);
        int n = 37;
        float[] big = uniform(rng, 9 * n, 1);
        float[] small = sparseInput(rng, new Case(2, n, 1, 0.5, 0));
        try (FloatBuffer a = put(gpu, big);
                FloatBuffer s = put(gpu, small);
                SparseRows hs = gpuSparse.allocateRows(9, n)) {
            gpuSparse.compressRows(a, 9, hs);
            gpuSparse.compressRows(a, 0, hs);
            assertEquals(0, hs.rows());
            assertEquals(0, hs.nonzeros());
            gpuSparse.compressRows(a, 9, hs);
            gpuSparse.compressRows(s, 2, hs);
            assertCsrEquals("after reuse", expectedCsr(small, 2, n), download(hs));
        }
    }

    /** No atomics and fixed summation orders: a second run gives the same bits. */
    @Test
    void productsAreBitReproducible() {
        Case c = new Case(40, 300, 70, 0.85, 5);
        Random rng = new Random(c.seed());
        float[] hHost = sparseInput(rng, c);
        float[] wT = uniform(rng, c.nIn() * c.nOut(), 1);
        float[] bias = uniform(rng, c.nOut(), 1);
        float[] delta = uniform(rng, c.rows() * c.nOut(), 1);
        try (Operands y = Operands.upload(gpu, gpuSparse, c, hHost, wT, bias, delta)) {
            gpuSparse.compressRows(y.h(), c.rows(), y.hs());
            List<Runnable> products = List.of(
                    () -> gpuSparse.sparseDenseForward(y.hs(), y.wT(), y.bias(), y.out(), c.nOut()),
                    () -> gpuSparse.sparseWeightGradient(y.delta(), y.hs(), y.out(), c.nOut()),
                    () -> gpuSparse.maskedInputGradient(y.delta(), y.wT(), y.hs(), y.out(), c.nOut()));
            int[] lengths = {c.rows() * c.nOut(), c.nOut() * c.nIn(), c.rows() * c.nIn()};
            for (int p = 0; p < products.size(); p++) {
                products.get(p).run();
                float[] first = get(gpu, y.out(), lengths[p]);
                gpu.fill(y.out(), y.out().length(), Float.NaN);
                products.get(p).run();
                assertArrayEquals(first, get(gpu, y.out(), lengths[p]), "product " + p);
            }
        }
    }

    @Test
    void rejectsForeignClosedAndOversizedArguments() {
        try (FloatBuffer host = cpu.allocate(16);
                FloatBuffer h = gpu.allocate(16);
                SparseRows rows = gpuSparse.allocateRows(2, 8)) {
            assertThrows(IllegalArgumentException.class, () -> gpuSparse.compressRows(host, 2, rows));
            assertThrows(IllegalArgumentException.class, () -> gpuSparse.compressRows(h, 3, rows));
            assertThrows(IndexOutOfBoundsException.class, () -> gpuSparse.sparseDenseForward(rows, h, null, h, 3));
            assertThrows(IllegalArgumentException.class, () -> gpuSparse.sparseWeightGradient(h, rows, h, -1));
            try (SparseRows theirs = new CudaSparseOps(gpu).allocateRows(2, 8);
                    SparseRows cpuRows = cpuSparse.allocateRows(2, 8)) {
                assertThrows(IllegalArgumentException.class, () -> gpuSparse.sparseDenseForward(theirs, h, null, h, 1));
                assertThrows(IllegalArgumentException.class, () -> gpuSparse.maskedInputGradient(h, h, cpuRows, h, 1));
            }
            SparseRows closed = gpuSparse.allocateRows(2, 8);
            closed.close();
            assertThrows(IllegalStateException.class, () -> gpuSparse.compressRows(h, 2, closed));
            assertThrows(IllegalStateException.class, closed::nonzeros);
        }
        assertThrows(IllegalArgumentException.class, () -> gpuSparse.allocateRows(-1, 3));
    }
}
