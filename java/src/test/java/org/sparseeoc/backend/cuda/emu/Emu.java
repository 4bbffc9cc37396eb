package org.sparseeoc.backend.cuda.emu;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.cuda.KernelArgs;
import org.sparseeoc.backend.cuda.LaunchShapes;
import org.sparseeoc.testing.Tolerance;

/**
 * Test helpers for emulated kernels: the emulator (or a skip saying why it is missing), "device"
 * memory as native segments, the CPU twin's buffers, and per-element comparison.
 */
final class Emu {
    /** Sizes around the block size of 256: a single element, partial and odd blocks, several blocks. */
    static final int[] SIZES = {1, 31, 33, 1000, 4099};

    private Emu() {}

    /** The emulator; skips the calling test, with the reason, when the library was not built. */
    static Emulator emulator() {
        assumeTrue(Emulator.isAvailable(), () -> "CUDA emulator not available: " + Emulator.unavailableReason());
        return Emulator.get();
    }

    /** A device copy of x. */
    static MemorySegment floats(Arena arena, float[] x) {
        return arena.allocateFrom(JAVA_FLOAT, x);
    }

    /** n NaN floats: an element the kernel fails to write stays NaN. */
    static MemorySegment nans(Arena arena, long n) {
        MemorySegment s = arena.allocate(JAVA_FLOAT, Math.max(1, n));
        s.fill((byte) 0xFF);
        return s;
    }

    /** n NaN doubles, for partial sums. */
    static MemorySegment nanDoubles(Arena arena, long n) {
        return nans(arena, 2 * n);
    }

    static MemorySegment ints(Arena arena, int[] x) {
        return arena.allocateFrom(JAVA_INT, x);
    }

    static float[] read(MemorySegment s, int n) {
        return s.asSlice(0, 4L * n).toArray(JAVA_FLOAT);
    }

    static double[] readDoubles(MemorySegment s, int n) {
        return s.asSlice(0, 8L * n).toArray(JAVA_DOUBLE);
    }

    /**
     * out[r] = Σ_j partials[r·count + j] by the reduce_partials kernel, as the device backend adds
     * the partial sums of sum_of_squares and activation_stats.
     */
    static double[] reducePartials(Emulator emu, Arena arena, MemorySegment partials, int rows, int count) {
        MemorySegment out = nanDoubles(arena, rows);
        emu.launch(
                "reduce_partials",
                LaunchShapes.reducePartials(rows),
                KernelArgs.builder()
                        .pointer(partials.address())
                        .i32(count)
                        .pointer(out.address())
                        .build());
        return readDoubles(out, rows);
    }

    /** A CPU twin buffer holding x. */
    static FloatBuffer put(Ops ops, float[] x) {
        FloatBuffer b = ops.allocate(Math.max(1, x.length));
        ops.upload(x, 0, b, 0, x.length);
        return b;
    }

    static float[] get(Ops ops, FloatBuffer b, int n) {
        float[] x = new float[n];
        ops.download(b, 0, x, 0, n);
        return x;
    }

    /** n floats uniform in [−scale, scale). */
    static float[] uniform(Random rng, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((2 * rng.nextDouble() - 1) * scale);
        }
        return x;
    }

    /** Per element |ref − out| ≤ atol + rtol·|ref|, naming the first failing index. */
    static void assertClose(String what, float[] ref, float[] out, Tolerance tolerance) {
        double[] r = new double[ref.length];
        double[] o = new double[out.length];
        for (int i = 0; i < ref.length; i++) {
            r[i] = ref[i];
        }
        for (int i = 0; i < out.length; i++) {
            o[i] = out[i];
        }
        tolerance.checkAll(what, r, o);
    }
}
