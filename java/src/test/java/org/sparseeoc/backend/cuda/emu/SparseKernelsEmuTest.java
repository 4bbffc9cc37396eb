package org.sparseeoc.backend.cuda.emu;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sparseeoc.backend.cuda.emu.Emu.assertClose;
import static org.sparseeoc.backend.cuda.emu.Emu.floats;
import static org.sparseeoc.backend.cuda.emu.Emu.nans;
import static org.sparseeoc.backend.cuda.emu.Emu.read;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseeoc.backend.cuda.KernelArgs;
import org.sparseeoc.backend.cuda.LaunchShapes;
import org.sparseeoc.testing.Tolerance;

/**
 * sparse.cu on the emulator, each kernel launched with its LaunchShapes shape against a plain loop
 * of the SparseOps definition: compress_count + compress_offsets + compress_fill build exactly the
 * CSR of the input (rows past one 256-row scan chunk, rows past one 256-column fill chunk, empty
 * rows, −0 dropped), into index buffers that start as −1 and value buffers that start as NaN; the
 * three products agree with double-precision sums to float32 rounding of k terms of magnitude ≤ 1
 * (1e-6·k absolute + 1e-5 relative, far below a missed term's O(0.1)).
 */
class SparseKernelsEmuTest {
    /** A CSR on the host: rowStart [rows + 1], col and val [nnz]. */
    record Csr(int[] rowStart, int[] col, float[] val) {}

    /** rows × cols, each element 0 (±0) with probability zeroFraction, else uniform in [−1, 1]; row 1 all zero. */
    static float[] sparse(Random rng, int rows, int cols, double zeroFraction) {
        float[] h = new float[rows * cols];
        for (int i = 0; i < h.length; i++) {
            boolean zero = i / cols == 1 || rng.nextDouble() < zeroFraction;
            h[i] = zero ? (rng.nextBoolean() ? 0f : -0f) : (float) (2 * rng.nextDouble() - 1);
        }
        return h;
    }

    static Csr csrOf(float[] h, int rows, int cols) {
        int[] rowStart = new int[rows + 1];
        int[] col = new int[h.length];
        float[] val = new float[h.length];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                if (h[r * cols + j] != 0f) {
                    col[k] = j;
                    val[k++] = h[r * cols + j];
                }
            }
            rowStart[r + 1] = k;
        }
        return new Csr(rowStart, Arrays.copyOf(col, k), Arrays.copyOf(val, k));
    }

    /** n ints, all −1 (0xFF bytes), so an index the kernel fails to write shows. */
    static MemorySegment garbageInts(Arena arena, int n) {
        MemorySegment s = arena.allocate(JAVA_INT, Math.max(1, n));
        s.fill((byte) 0xFF);
        return s;
    }

    static int[] readInts(MemorySegment s, int n) {
        return s.asSlice(0, 4L * n).toArray(JAVA_INT);
    }

    /** Builds the device CSR of h with the three compress kernels (mode 0: the values as they are). */
    static MemorySegment[] compress(Emulator emu, Arena arena, float[] h, int rows, int cols) {
        MemorySegment x = floats(arena, h);
        MemorySegment rowStart = garbageInts(arena, rows + 1);
        MemorySegment col = garbageInts(arena, rows * cols);
        MemorySegment val = nans(arena, (long) rows * cols);
        KernelArgs count = KernelArgs.builder()
                .i32(0)
                .f32(0f)
                .f32(0f)
                .pointer(x.address())
                .i32(rows)
                .i32(cols)
                .pointer(rowStart.address())
                .build();
        emu.launch("compress_count", LaunchShapes.sparseRows(rows), count);
        emu.launch(
                "compress_offsets",
                LaunchShapes.sparseScan(),
                KernelArgs.builder().pointer(rowStart.address()).i32(rows).build());
        KernelArgs fill = KernelArgs.builder()
                .i32(0)
                .f32(0f)
                .f32(0f)
                .pointer(x.address())
                .i32(rows)
                .i32(cols)
                .pointer(rowStart.address())
                .pointer(col.address())
                .pointer(val.address())
                .build();
        emu.launch("compress_fill", LaunchShapes.sparseRows(rows), fill);
        return new MemorySegment[] {rowStart, col, val};
    }

    @ParameterizedTest(name = "rows={0} cols={1} zeros={2}")
    @CsvSource({"1, 1, 0", "3, 257, 0.7", "300, 5, 0.5", "2, 600, 0", "4, 9, 1"})
    void compressKernelsBuildTheCsr(int rows, int cols, double zeroFraction) {
        Emulator emu = Emu.emulator();
        float[] h = sparse(new Random(rows * 1000L + cols), rows, cols, zeroFraction);
        Csr expected = csrOf(h, rows, cols);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] csr = compress(emu, arena, h, rows, cols);
            assertArrayEquals(expected.rowStart(), readInts(csr[0], rows + 1), "rowStart");
            int nnz = expected.col().length;
            assertArrayEquals(expected.col(), readInts(csr[1], nnz), "col");
            float[] val = read(csr[2], nnz);
            for (int k = 0; k < nnz; k++) {
                assertEquals(
                        Float.floatToRawIntBits(expected.val()[k]), Float.floatToRawIntBits(val[k]), "val[" + k + "]");
            }
        }
    }

    @ParameterizedTest(name = "rows={0} nIn={1} nOut={2} zeros={3}")
    @CsvSource({"1, 1, 1, 0", "5, 300, 33, 0.8", "3, 40, 1030, 0.5", "260, 7, 3, 0.3", "2, 17, 5, 1"})
    void productKernelsMatchTheDefinition(int rows, int nIn, int nOut, double zeroFraction) {
        Emulator emu = Emu.emulator();
        Random rng = new Random(rows * 7919L + nIn * 31L + nOut);
        float[] h = sparse(rng, rows, nIn, zeroFraction); // [rows × nIn]
        float[] wT = Emu.uniform(rng, nIn * nOut, 1); // [nIn × nOut]
        float[] bias = Emu.uniform(rng, nOut, 1); // [nOut]
        float[] delta = Emu.uniform(rng, rows * nOut, 1); // [rows × nOut]
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] csr = compress(emu, arena, h, rows, nIn);
            long rowStart = csr[0].address();
            long col = csr[1].address();
            long val = csr[2].address();
            MemorySegment w = floats(arena, wT);
            MemorySegment d = floats(arena, delta);

            // z = h·Wᵀ + b
            MemorySegment z = nans(arena, (long) rows * nOut);
            emu.launch(
                    "sparse_dense_forward",
                    LaunchShapes.sparseForward(rows, nOut),
                    KernelArgs.builder()
                            .pointer(rowStart)
                            .pointer(col)
                            .pointer(val)
                            .i32(rows)
                            .pointer(w.address())
                            .i32(1)
                            .pointer(floats(arena, bias).address())
                            .pointer(z.address())
                            .i32(nOut)
                            .build());
            float[] zRef = new float[rows * nOut];
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < nOut; o++) {
                    double sum = bias[o];
                    for (int j = 0; j < nIn; j++) {
                        sum += (double) h[r * nIn + j] * wT[j * nOut + o];
                    }
                    zRef[r * nOut + o] = (float) sum;
                }
            }
            assertClose("z", zRef, read(z, rows * nOut), new Tolerance(1e-6 * nIn, 1e-5));

            // dWᵀ[j, o] = Σ_r h[r, j]·δ[r, o]
            MemorySegment dwt = nans(arena, (long) nIn * nOut);
            emu.launch(
                    "sparse_weight_gradient",
                    LaunchShapes.sparseWeightGradient(nIn, nOut),
                    KernelArgs.builder()
                            .pointer(rowStart)
                            .pointer(col)
                            .pointer(val)
                            .i32(rows)
                            .i32(nIn)
                            .pointer(d.address())
                            .pointer(dwt.address())
                            .i32(nOut)
                            .build());
            float[] dwtRef = new float[nIn * nOut];
            for (int j = 0; j < nIn; j++) {
                for (int o = 0; o < nOut; o++) {
                    double sum = 0;
                    for (int r = 0; r < rows; r++) {
                        sum += (double) h[r * nIn + j] * delta[r * nOut + o];
                    }
                    dwtRef[j * nOut + o] = (float) sum;
                }
            }
            assertClose("dWᵀ", dwtRef, read(dwt, nIn * nOut), new Tolerance(1e-6 * rows, 1e-5));

            // dH[r, j] = δ[r, :]·Wᵀ[j, :] where h[r, j] ≠ 0, else +0
            MemorySegment dh = nans(arena, (long) rows * nIn);
            emu.launch(
                    "masked_input_gradient",
                    LaunchShapes.sparseRows(rows),
                    KernelArgs.builder()
                            .pointer(rowStart)
                            .pointer(col)
                            .i32(rows)
                            .i32(nIn)
                            .pointer(d.address())
                            .pointer(w.address())
                            .pointer(dh.address())
                            .i32(nOut)
                            .build());
            float[] dhRef = new float[rows * nIn];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < nIn; j++) {
                    double sum = 0;
                    for (int o = 0; o < nOut; o++) {
                        sum += (double) delta[r * nOut + o] * wT[j * nOut + o];
                    }
                    dhRef[r * nIn + j] = h[r * nIn + j] != 0f ? (float) sum : 0f;
                }
            }
            assertClose("dH", dhRef, read(dh, rows * nIn), new Tolerance(1e-6 * nOut, 1e-5));
        }
    }
}
