package org.sparseeoc.backend.cpu;

import static org.sparseeoc.backend.cpu.Tiles.load;
import static org.sparseeoc.backend.cpu.Tiles.store;

import java.lang.foreign.MemorySegment;

/** Bias add and bias gradient of a dense layer over a row-major rows×cols matrix. */
final class DenseKernels {
    private DenseKernels() {}

    /**
     * z[r·cols + c] += bias[c]; z: [rows, cols], bias: [cols] float32. Column chunks of a tile;
     * each bias chunk is loaded once.
     */
    static void biasAdd(Tiles t, MemorySegment z, MemorySegment bias, int rows, int cols) {
        for (int c0 = 0; c0 < cols; c0 += Tiles.TILE) {
            int len = Tiles.length(cols, c0);
            load(bias, c0, t.b, len); // [len] bias[c0..c0+len)
            for (int r = 0; r < rows; r++) {
                long off = (long) r * cols + c0;
                load(z, off, t.a, len); // [len] row r, columns c0..c0+len
                addInPlace(t.a, t.b, len);
                store(t.a, z, off, len);
            }
        }
    }

    /**
     * dbias[c] = Σ_r dz[r·cols + c]; dz: [rows, cols], dbias: [cols] float32. Accumulated in
     * double over rows in ascending order (so the result is the double sum rounded once, and
     * bit-identical run to run).
     */
    static void biasGradient(Tiles t, MemorySegment dz, MemorySegment dbias, int rows, int cols) {
        double[] acc = t.acc; // [len] running column sums of this chunk
        for (int c0 = 0; c0 < cols; c0 += Tiles.TILE) {
            int len = Tiles.length(cols, c0);
            java.util.Arrays.fill(acc, 0, len, 0.0);
            for (int r = 0; r < rows; r++) {
                load(dz, (long) r * cols + c0, t.a, len);
                accumulate(acc, t.a, len);
            }
            for (int i = 0; i < len; i++) {
                t.b[i] = (float) acc[i];
            }
            store(t.b, dbias, c0, len);
        }
    }

    private static void addInPlace(float[] x, float[] y, int len) {
        for (int i = 0; i < len; i++) {
            x[i] += y[i];
        }
    }

    private static void accumulate(double[] acc, float[] x, int len) {
        for (int i = 0; i < len; i++) {
            acc[i] += x[i];
        }
    }
}
