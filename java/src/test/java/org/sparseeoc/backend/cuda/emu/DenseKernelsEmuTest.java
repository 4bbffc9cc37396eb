package org.sparseeoc.backend.cuda.emu;

import static org.sparseeoc.backend.cuda.emu.Emu.assertClose;
import static org.sparseeoc.backend.cuda.emu.Emu.floats;
import static org.sparseeoc.backend.cuda.emu.Emu.nans;
import static org.sparseeoc.backend.cuda.emu.Emu.read;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.Transpose;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cuda.KernelArgs;
import org.sparseeoc.backend.cuda.LaunchShapes;
import org.sparseeoc.testing.Tolerance;

/**
 * gemm.cu and bias.cu on the emulator against CpuOps (OpenBLAS): sgemm with all four transpose
 * combinations, odd m, n, k around its 64×64×16 tiles, leading dimensions wider than the rows, and
 * beta = 0 over a NaN-filled C as well as beta ≠ 0; bias_add and bias_gradient (bit for bit: both
 * sum each column in double in row order).
 */
class DenseKernelsEmuTest {
    /**
     * Products of k ≤ 130 terms in [−1, 1] accumulated in float, in different orders by OpenBLAS
     * and the kernel: differences of a few ulps of the terms' magnitude (~1e-6); an indexing error
     * is of order 1.
     */
    private static final Tolerance GEMM = new Tolerance(1e-5, 1e-5);

    private static final Tolerance EXACT = Tolerance.abs(0);
    private static CpuOps cpu;

    @BeforeAll
    static void open() {
        cpu = new CpuOps();
    }

    @AfterAll
    static void close() {
        cpu.close();
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4} pad={5} beta={6}")
    @CsvSource({
        "NO, NO, 1, 1, 1, 0, 0",
        "NO, NO, 31, 33, 17, 3, 0",
        "NO, YES, 31, 33, 17, 0, 0.5",
        "YES, NO, 65, 63, 130, 5, 0",
        "YES, YES, 65, 63, 130, 1, -1.25",
        "NO, YES, 100, 1, 64, 2, 0",
        "YES, NO, 1, 100, 15, 0, 2",
        "YES, YES, 7, 129, 33, 4, 0",
        "NO, NO, 64, 64, 0, 1, 0.5"
    })
    void sgemmMatchesCpu(Transpose ta, Transpose tb, int m, int n, int k, int pad, float beta) {
        Emulator emu = Emu.emulator();
        Random rng = new Random(31L * m + 7L * n + k);
        boolean transA = ta == Transpose.YES;
        boolean transB = tb == Transpose.YES;
        // Stored shapes: A is m×k (k×m when transposed), B is k×n (n×k); each row padded by pad.
        int lda = (transA ? m : k) + pad;
        int ldb = (transB ? k : n) + pad;
        int ldc = n + pad;
        float[] a = Emu.uniform(rng, (transA ? k : m) * lda, 1);
        float[] b = Emu.uniform(rng, (transB ? n : k) * ldb, 1);
        float[] c0 = Emu.uniform(rng, m * ldc, 1);
        float alpha = 0.75f;
        FloatBuffer cb = Emu.put(cpu, c0);
        cpu.gemm(ta, tb, m, n, k, alpha, Emu.put(cpu, a), lda, Emu.put(cpu, b), ldb, beta, cb, ldc);
        float[] ref = Emu.get(cpu, cb, m * ldc);
        try (Arena arena = Arena.ofConfined()) {
            // With beta = 0 the kernel must not read C: start from NaN. Otherwise from c0, with
            // the padding columns NaN so that a write there shows (the CPU leaves them as c0).
            float[] start = c0.clone();
            for (int i = 0; i < start.length; i++) {
                if (beta == 0 || i % ldc >= n) {
                    start[i] = Float.NaN;
                }
                if (i % ldc >= n) {
                    ref[i] = Float.NaN;
                }
            }
            MemorySegment c = floats(arena, start);
            KernelArgs args = KernelArgs.builder()
                    .i32(transA ? 1 : 0)
                    .i32(transB ? 1 : 0)
                    .i32(m)
                    .i32(n)
                    .i32(k)
                    .f32(alpha)
                    .pointer(floats(arena, a).address())
                    .i32(lda)
                    .pointer(floats(arena, b).address())
                    .i32(ldb)
                    .f32(beta)
                    .pointer(c.address())
                    .i32(ldc)
                    .build();
            emu.launch("sgemm", LaunchShapes.gemm(m, n), args);
            assertClose("sgemm C", ref, read(c, m * ldc), GEMM);
        }
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @CsvSource({"1, 1", "31, 33", "33, 1000", "1000, 31", "4, 4099"})
    void biasAddMatchesCpu(int rows, int cols) {
        Emulator emu = Emu.emulator();
        Random rng = new Random(rows * 1009L + cols);
        float[] z = Emu.uniform(rng, rows * cols, 2);
        float[] bias = Emu.uniform(rng, cols, 1);
        FloatBuffer zb = Emu.put(cpu, z);
        cpu.biasAdd(zb, Emu.put(cpu, bias), rows, cols);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment zd = floats(arena, z);
            KernelArgs args = KernelArgs.builder()
                    .pointer(zd.address())
                    .pointer(floats(arena, bias).address())
                    .i32(rows)
                    .i32(cols)
                    .build();
            emu.launch("bias_add", LaunchShapes.elementwise((long) rows * cols), args);
            assertClose("bias_add z", Emu.get(cpu, zb, rows * cols), read(zd, rows * cols), EXACT);
        }
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @CsvSource({"1, 1", "31, 33", "33, 1000", "1000, 31", "4, 4099"})
    void biasGradientMatchesCpu(int rows, int cols) {
        Emulator emu = Emu.emulator();
        float[] dz = Emu.uniform(new Random(rows * 31L + cols), rows * cols, 3);
        FloatBuffer dbias = cpu.allocate(cols);
        cpu.biasGradient(Emu.put(cpu, dz), dbias, rows, cols);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = nans(arena, cols);
            KernelArgs args = KernelArgs.builder()
                    .pointer(floats(arena, dz).address())
                    .pointer(out.address())
                    .i32(rows)
                    .i32(cols)
                    .build();
            emu.launch("bias_gradient", LaunchShapes.perColumn(cols), args);
            assertClose("bias_gradient dbias", Emu.get(cpu, dbias, cols), read(out, cols), EXACT);
        }
    }
}
