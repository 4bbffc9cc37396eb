package org.sparseeoc.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * Heap scratch tiles through which every elementwise op streams its operands.
 *
 * <p>Why: in JDK 25, C2 does not vectorise a loop that reads one native {@link MemorySegment} and
 * writes another, because it cannot rule out that the two address ranges overlap by a few bytes
 * (the runtime aliasing check arrives in a later JDK). Such a loop runs at about one element per
 * cycle. The same loop over two {@code float[]} vectorises (AVX-512 here). So each op copies
 * {@link #TILE} elements of each input into a tile with {@link MemorySegment#copy} (an intrinsic
 * memcpy, L1-resident at this size), runs its arithmetic over the arrays, and copies the result
 * back. On the 2-core EPYC VM this is about 5× faster than indexing the segments directly (numbers in
 * docs/BENCHMARKS.md).
 *
 * <p>One set of tiles per {@link CpuOps}; ops run on the calling thread, so they are not shared
 * between threads (a CpuOps is used by one thread at a time, like a CUDA stream).
 */
final class Tiles {
    /** Elements per tile: 8 KiB each, so the four tiles of adamStep fit in a 48 KiB L1D together. */
    static final int TILE = 2048;

    /** [TILE] float32 each: inputs and outputs of the current tile. */
    final float[] a = new float[TILE];

    final float[] b = new float[TILE];
    final float[] c = new float[TILE];
    final float[] d = new float[TILE];

    /** [TILE] float64: per-column accumulators (biasGradient). */
    final double[] acc = new double[TILE];

    /** [TILE] float64: a tile widened to double for summing (see {@link Sums}). */
    final double[] wide = new double[TILE];

    /** [≥ classes] float32 and float64: one row of logits and its exponentials (softmax); these grow
     * to the largest class count seen, so steady-state calls allocate nothing. */
    private float[] row = new float[TILE];

    private double[] rowDouble = new double[TILE];

    /** [≥ C·H·W] float32 and float64: one image (im2col's input, col2im's output and its
     * accumulators); these grow to the largest image seen, so steady-state calls allocate nothing. */
    private float[] image = new float[TILE];

    private double[] imageDouble = new double[TILE];

    /** Tile length at element {@code offset} of an n-element stream. */
    static int length(long n, long offset) {
        return (int) Math.min(TILE, n - offset);
    }

    /** dst[0..len) = src[offset..offset + len) (float elements). */
    static void load(MemorySegment src, long offset, float[] dst, int len) {
        MemorySegment.copy(src, JAVA_FLOAT, offset * Float.BYTES, dst, 0, len);
    }

    /** dst[offset..offset + len) = src[0..len) (float elements). */
    static void store(float[] src, MemorySegment dst, long offset, int len) {
        MemorySegment.copy(src, 0, dst, JAVA_FLOAT, offset * Float.BYTES, len);
    }

    /** A scratch row of at least {@code length} floats. */
    float[] row(int length) {
        if (row.length < length) {
            row = new float[length];
        }
        return row;
    }

    /** A scratch double row of at least {@code length} elements. */
    double[] rowDouble(int length) {
        if (rowDouble.length < length) {
            rowDouble = new double[length];
        }
        return rowDouble;
    }

    /** A scratch image of at least {@code length} floats. */
    float[] image(int length) {
        if (image.length < length) {
            image = new float[length];
        }
        return image;
    }

    /** A scratch double image of at least {@code length} elements. */
    double[] imageDouble(int length) {
        if (imageDouble.length < length) {
            imageDouble = new double[length];
        }
        return imageDouble;
    }
}
