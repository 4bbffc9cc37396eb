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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cuda.KernelArgs;
import org.sparseeoc.backend.cuda.LaunchConfig;
import org.sparseeoc.backend.cuda.LaunchShapes;
import org.sparseeoc.testing.Tolerance;

/**
 * conv.cu on the emulator: im2col and col2im against CpuOps bit for bit (col2im sums each pixel in
 * the CPU's order, in double), over kernels 1–5, strides 1–3 (exact and flooring divisions),
 * padding 0–2, odd and non-square images; batched_transpose against a plain loop, around its 32×32
 * tiles.
 */
class ConvKernelsEmuTest {
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

    private static int out(int size, int k, int s, int p) {
        return (size + 2 * p - k) / s + 1;
    }

    @ParameterizedTest(name = "b={0} c={1} h={2} w={3} k={4} s={5} p={6}")
    @CsvSource({
        "1, 1, 1, 1, 1, 1, 0",
        "2, 3, 5, 7, 3, 1, 1",
        "3, 1, 8, 8, 3, 2, 1",
        "1, 4, 9, 6, 5, 2, 2",
        "2, 2, 7, 7, 2, 3, 0",
        "1, 2, 3, 4, 5, 1, 2",
        "2, 16, 12, 10, 3, 1, 0"
    })
    void im2colAndCol2imMatchCpu(int b, int c, int h, int w, int k, int s, int p) {
        Emulator emu = Emu.emulator();
        Random rng = new Random(b + 10L * c + 100L * h + 1000L * w + 10000L * k + 100000L * s + p);
        int image = b * c * h * w;
        int colsLen = b * out(h, k, s, p) * out(w, k, s, p) * c * k * k;
        float[] x = Emu.uniform(rng, image, 1);
        float[] dcols = Emu.uniform(rng, colsLen, 1);
        FloatBuffer colsRef = cpu.allocate(colsLen);
        cpu.im2col(Emu.put(cpu, x), colsRef, b, c, h, w, k, s, p);
        FloatBuffer dxRef = cpu.allocate(image);
        cpu.col2im(Emu.put(cpu, dcols), dxRef, b, c, h, w, k, s, p);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cols = nans(arena, colsLen);
            emu.launch("im2col", LaunchShapes.elementwise(colsLen), conv(floats(arena, x), cols, b, c, h, w, k, s, p));
            assertClose("im2col cols", Emu.get(cpu, colsRef, colsLen), read(cols, colsLen), EXACT);
            MemorySegment dx = nans(arena, image);
            emu.launch("col2im", LaunchShapes.elementwise(image), conv(floats(arena, dcols), dx, b, c, h, w, k, s, p));
            assertClose("col2im dx", Emu.get(cpu, dxRef, image), read(dx, image), EXACT);
        }
    }

    @ParameterizedTest(name = "batch={0} rows={1} cols={2}")
    @CsvSource({"1, 1, 1", "1, 31, 33", "3, 33, 31", "2, 64, 1", "5, 1, 100", "2, 65, 97"})
    void batchedTransposeMatchesLoop(int batch, int rows, int cols) {
        transpose(batch, rows, cols, LaunchShapes.batchedTranspose(batch, rows, cols));
    }

    /**
     * Beyond 65535 batches the blocks loop over batches by gridDim.z; a grid of depth 2 over 5
     * batches runs that loop, and its second barrier, the way a huge batch would.
     */
    @Test
    void batchedTransposeLoopsOverBatchesBeyondTheGrid() {
        LaunchConfig full = LaunchShapes.batchedTranspose(5, 40, 33);
        transpose(
                5,
                40,
                33,
                new LaunchConfig(full.gridX(), full.gridY(), 2, full.blockX(), full.blockY(), full.blockZ(), 0));
    }

    private static void transpose(int batch, int rows, int cols, LaunchConfig config) {
        Emulator emu = Emu.emulator();
        float[] in = Emu.uniform(new Random(batch * 7919L + rows * 31L + cols), batch * rows * cols, 1);
        float[] ref = new float[in.length];
        for (int n = 0; n < batch; n++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    ref[(n * cols + c) * rows + r] = in[(n * rows + r) * cols + c];
                }
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result = nans(arena, in.length);
            KernelArgs args = KernelArgs.builder()
                    .pointer(floats(arena, in).address())
                    .pointer(result.address())
                    .i32(batch)
                    .i32(rows)
                    .i32(cols)
                    .build();
            emu.launch("batched_transpose", config, args);
            assertClose("batched_transpose out", ref, read(result, in.length), EXACT);
        }
    }

    /** The arguments of im2col (src x, dst cols) and col2im (src cols, dst dx): same shapes. */
    private static KernelArgs conv(
            MemorySegment src, MemorySegment dst, int b, int c, int h, int w, int k, int s, int p) {
        return KernelArgs.builder()
                .pointer(src.address())
                .pointer(dst.address())
                .i32(b)
                .i32(c)
                .i32(h)
                .i32(w)
                .i32(k)
                .i32(s)
                .i32(p)
                .build();
    }
}
