package org.sparseeoc.backend.cuda;

/**
 * The launch configuration of each kernel, in one place for the real device and the emulator. The
 * block sizes and shared memory here are what the kernels in {@code cuda/*.cu} are written for
 * (their header comments state the same shapes); change both together. The emulated kernel tests
 * launch with these shapes, so a block size or tile here that differs from the kernel's leaves
 * outputs unwritten (NaN) or wrong and fails them.
 */
public final class LaunchShapes {
    /** Threads per block of the 1-D kernels (elementwise, reductions, per-column). */
    public static final int BLOCK = 256;

    /**
     * Grid cap of the grid-stride kernels: 4096 blocks of 256 are about 4 waves of a 132-SM H100 (8
     * such blocks resident per SM); beyond that, threads loop, which costs nothing in a memory-bound
     * kernel and keeps the grid far from its 2³¹ − 1 limit.
     */
    static final int MAX_ELEMENTWISE_BLOCKS = 4096;

    /** Grid cap of the first reduction pass: the partials buffer holds at most this many per row. */
    public static final int MAX_REDUCTION_BLOCKS = 1024;

    /** softmax_cross_entropy's block size (LOSS_THREADS in loss.cu). */
    static final int LOSS_THREADS = 128;

    private static final int GEMM_TILE = 64;
    private static final int GEMM_THREADS = 16;
    private static final int TRANSPOSE_TILE = 32;
    private static final int TRANSPOSE_ROWS = 8;

    private LaunchShapes() {}

    /**
     * Grid-stride kernels over n elements: activations, bias_add, optimizers, fill, scale, im2col
     * (n = cols elements), col2im (n = pixels of dx). At least one block, so n = 0 is a valid launch.
     */
    public static LaunchConfig elementwise(long n) {
        return LaunchConfig.linear(blocks(n, MAX_ELEMENTWISE_BLOCKS), BLOCK, 0);
    }

    /** sum_of_squares over n elements: one partial per block (grid ≤ 1024), a double per thread. */
    public static LaunchConfig sumOfSquares(long n) {
        return LaunchConfig.linear(blocks(n, MAX_REDUCTION_BLOCKS), BLOCK, BLOCK * Double.BYTES);
    }

    /** activation_stats over n elements: four partials per block, four doubles per thread. */
    public static LaunchConfig activationStats(long n) {
        return LaunchConfig.linear(blocks(n, MAX_REDUCTION_BLOCKS), BLOCK, 4 * BLOCK * Double.BYTES);
    }

    /** reduce_partials over a [rows, count] partials buffer: one block per row. */
    public static LaunchConfig reducePartials(int rows) {
        return LaunchConfig.linear(rows, BLOCK, BLOCK * Double.BYTES);
    }

    /** bias_gradient: one thread per column. */
    public static LaunchConfig perColumn(int cols) {
        return LaunchConfig.linear(blocks(cols, Integer.MAX_VALUE), BLOCK, 0);
    }

    /** softmax_cross_entropy: one block of 128 threads per row (at least one block). */
    public static LaunchConfig softmaxCrossEntropy(int rows) {
        return LaunchConfig.linear(Math.max(1, rows), LOSS_THREADS, 0);
    }

    /** sgemm for an m×n C, m, n ≥ 1 (with m or n = 0 there is nothing to launch): 64×64 tiles. */
    public static LaunchConfig gemm(int m, int n) {
        if (m < 1 || n < 1) {
            throw new IllegalArgumentException(
                    "gemm launch needs m, n >= 1 (skip the launch otherwise), got " + m + "×" + n);
        }
        return new LaunchConfig(ceilDiv(n, GEMM_TILE), ceilDiv(m, GEMM_TILE), 1, GEMM_THREADS, GEMM_THREADS, 1, 0);
    }

    /** batched_transpose of [batch, rows, cols]: 32×32 tiles, batches along grid z (looping past 65535). */
    public static LaunchConfig batchedTranspose(int batch, int rows, int cols) {
        return new LaunchConfig(
                Math.max(1, ceilDiv(cols, TRANSPOSE_TILE)),
                Math.max(1, ceilDiv(rows, TRANSPOSE_TILE)),
                Math.clamp(batch, 1, LaunchConfig.MAX_GRID_YZ),
                TRANSPOSE_TILE,
                TRANSPOSE_ROWS,
                1,
                0);
    }

    /** Threads per block of every kernel in sparse.cu (SPARSE_THREADS there). */
    public static final int SPARSE_THREADS = 256;

    /** Output columns per thread of sparse_weight_gradient (WG_OUT_PER_THREAD in sparse.cu). */
    static final int SPARSE_WEIGHT_OUT_PER_THREAD = 4;

    /** compress_count, compress_fill, masked_input_gradient: one block per row (at least one block). */
    public static LaunchConfig sparseRows(int rows) {
        return LaunchConfig.linear(Math.max(1, rows), SPARSE_THREADS, 0);
    }

    /** compress_offsets: one block scans all the row counts. */
    public static LaunchConfig sparseScan() {
        return LaunchConfig.linear(1, SPARSE_THREADS, 0);
    }

    /** sparse_dense_forward: one block per row (x) and tile of 256 output columns (y). */
    public static LaunchConfig sparseForward(int rows, int outCols) {
        return new LaunchConfig(
                Math.max(1, rows), Math.max(1, ceilDiv(outCols, SPARSE_THREADS)), 1, SPARSE_THREADS, 1, 1, 0);
    }

    /** sparse_weight_gradient: one block per input column (x) and tile of 1024 output columns (y). */
    public static LaunchConfig sparseWeightGradient(int inCols, int outCols) {
        return new LaunchConfig(
                Math.max(1, inCols),
                Math.max(1, ceilDiv(outCols, SPARSE_THREADS * SPARSE_WEIGHT_OUT_PER_THREAD)),
                1,
                SPARSE_THREADS,
                1,
                1,
                0);
    }

    private static int blocks(long n, int cap) {
        return Math.clamp((n + BLOCK - 1) / BLOCK, 1, cap);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
