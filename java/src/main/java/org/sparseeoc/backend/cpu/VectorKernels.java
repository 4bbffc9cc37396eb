package org.sparseeoc.backend.cpu;

import static org.sparseeoc.backend.cpu.Tiles.load;
import static org.sparseeoc.backend.cpu.Tiles.store;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/** Fill, scale and sum of squares over a float vector. */
final class VectorKernels {
    private VectorKernels() {}

    /** x[0..n) = value; x: [≥ n] float32. One tile of the value, copied out repeatedly. */
    static void fill(Tiles t, MemorySegment x, long n, float value) {
        Arrays.fill(t.a, value);
        for (long off = 0; off < n; off += Tiles.TILE) {
            store(t.a, x, off, Tiles.length(n, off));
        }
    }

    /** x[0..n) *= factor; x: [≥ n] float32. */
    static void scale(Tiles t, MemorySegment x, long n, float factor) {
        for (long off = 0; off < n; off += Tiles.TILE) {
            int len = Tiles.length(n, off);
            load(x, off, t.a, len);
            float[] a = t.a;
            for (int i = 0; i < len; i++) {
                a[i] *= factor;
            }
            store(a, x, off, len);
        }
    }

    /** Σ x[i]² over x: [≥ n] float32, in double, tile by tile in a fixed order (see {@link Sums}). */
    static double sumOfSquares(Tiles t, MemorySegment x, long n) {
        double total = 0;
        for (long off = 0; off < n; off += Tiles.TILE) {
            int len = Tiles.length(n, off);
            load(x, off, t.a, len);
            total += Sums.sumOfSquares(t.a, len, t.wide);
        }
        return total;
    }
}
