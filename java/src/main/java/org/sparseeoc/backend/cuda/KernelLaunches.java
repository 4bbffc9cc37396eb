package org.sparseeoc.backend.cuda;

/**
 * One typed method per {@link Kernel}: each takes the kernel's parameters in its declaration order
 * (device addresses as {@code long}), builds its {@link KernelArgs} and launches it with its shape
 * from {@link LaunchShapes}. Typed methods rather than a generic varargs launch so that the compiler
 * checks every call's parameter count and types against the kernel; the device still compares the
 * built signature with {@link Kernel#signature()}. Callers have checked sizes and buffers.
 */
final class KernelLaunches {
    private final Device device;

    KernelLaunches(Device device) {
        this.device = device;
    }

    private static KernelArgs.Builder args() {
        return KernelArgs.builder();
    }

    private void elementwise(Kernel kernel, long n, KernelArgs args) {
        device.launch(kernel, LaunchShapes.elementwise(n), args);
    }

    // ---- activations.cu -----------------------------------------------------------------------

    void reluForward(long z, long h, long n) {
        elementwise(Kernel.RELU_FORWARD, n, args().pointer(z).pointer(h).i64(n).build());
    }

    void reluBackward(long z, long dh, long dz, long n) {
        elementwise(
                Kernel.RELU_BACKWARD,
                n,
                args().pointer(z).pointer(dh).pointer(dz).i64(n).build());
    }

    void reluTauForward(float tau, long z, long h, long n) {
        elementwise(
                Kernel.RELU_TAU_FORWARD,
                n,
                args().f32(tau).pointer(z).pointer(h).i64(n).build());
    }

    void reluTauBackward(float tau, long z, long dh, long dz, long n) {
        elementwise(
                Kernel.RELU_TAU_BACKWARD,
                n,
                args().f32(tau).pointer(z).pointer(dh).pointer(dz).i64(n).build());
    }

    void stForward(float tau, long z, long h, long n) {
        elementwise(
                Kernel.ST_FORWARD,
                n,
                args().f32(tau).pointer(z).pointer(h).i64(n).build());
    }

    void stBackward(float tau, long z, long dh, long dz, long n) {
        elementwise(
                Kernel.ST_BACKWARD,
                n,
                args().f32(tau).pointer(z).pointer(dh).pointer(dz).i64(n).build());
    }

    void creluForward(float tau, float clip, long z, long h, long n) {
        elementwise(
                Kernel.CRELU_FORWARD,
                n,
                args().f32(tau).f32(clip).pointer(z).pointer(h).i64(n).build());
    }

    void creluBackward(float tau, float clip, long z, long dh, long dz, long n) {
        elementwise(
                Kernel.CRELU_BACKWARD,
                n,
                args().f32(tau)
                        .f32(clip)
                        .pointer(z)
                        .pointer(dh)
                        .pointer(dz)
                        .i64(n)
                        .build());
    }

    void cstForward(float tau, float clip, long z, long h, long n) {
        elementwise(
                Kernel.CST_FORWARD,
                n,
                args().f32(tau).f32(clip).pointer(z).pointer(h).i64(n).build());
    }

    void cstBackward(float tau, float clip, long z, long dh, long dz, long n) {
        elementwise(
                Kernel.CST_BACKWARD,
                n,
                args().f32(tau)
                        .f32(clip)
                        .pointer(z)
                        .pointer(dh)
                        .pointer(dz)
                        .i64(n)
                        .build());
    }

    /** First pass: partials [4, grid] doubles with grid = {@link LaunchShapes#activationStats} x. */
    void activationStats(boolean odd, float tau, float clip, long z, long n, long partials) {
        device.launch(
                Kernel.ACTIVATION_STATS,
                LaunchShapes.activationStats(n),
                args().i32(odd ? 1 : 0)
                        .f32(tau)
                        .f32(clip)
                        .pointer(z)
                        .i64(n)
                        .pointer(partials)
                        .build());
    }

    // ---- bias.cu ------------------------------------------------------------------------------

    void biasAdd(long z, long bias, int rows, int cols) {
        elementwise(
                Kernel.BIAS_ADD,
                (long) rows * cols,
                args().pointer(z).pointer(bias).i32(rows).i32(cols).build());
    }

    void biasGradient(long dz, long dbias, int rows, int cols) {
        device.launch(
                Kernel.BIAS_GRADIENT,
                LaunchShapes.perColumn(cols),
                args().pointer(dz).pointer(dbias).i32(rows).i32(cols).build());
    }

    // ---- loss.cu ------------------------------------------------------------------------------

    /** rowLoss: [rows] doubles; rowCorrect: [rows] ints (−1 marks a label outside [0, classes)). */
    void softmaxCrossEntropy(
            long logits,
            long labels,
            long dlogits,
            int rows,
            int classes,
            float gradScale,
            long rowLoss,
            long rowCorrect) {
        device.launch(
                Kernel.SOFTMAX_CROSS_ENTROPY,
                LaunchShapes.softmaxCrossEntropy(rows),
                args().pointer(logits)
                        .pointer(labels)
                        .pointer(dlogits)
                        .i32(rows)
                        .i32(classes)
                        .f32(gradScale)
                        .pointer(rowLoss)
                        .pointer(rowCorrect)
                        .build());
    }

    // ---- optimizers.cu ------------------------------------------------------------------------

    void sgdMomentumStep(
            long param,
            long grad,
            long velocity,
            long n,
            float lr,
            float momentum,
            float weightDecay,
            boolean nesterov) {
        elementwise(
                Kernel.SGD_MOMENTUM_STEP,
                n,
                args().pointer(param)
                        .pointer(grad)
                        .pointer(velocity)
                        .i64(n)
                        .f32(lr)
                        .f32(momentum)
                        .f32(weightDecay)
                        .i32(nesterov ? 1 : 0)
                        .build());
    }

    void adamStep(
            long param,
            long grad,
            long m,
            long v,
            long n,
            float lr,
            float beta1,
            float beta2,
            float eps,
            float weightDecay,
            float correction1,
            float correction2) {
        elementwise(
                Kernel.ADAM_STEP,
                n,
                args().pointer(param)
                        .pointer(grad)
                        .pointer(m)
                        .pointer(v)
                        .i64(n)
                        .f32(lr)
                        .f32(beta1)
                        .f32(beta2)
                        .f32(eps)
                        .f32(weightDecay)
                        .f32(correction1)
                        .f32(correction2)
                        .build());
    }

    // ---- reductions.cu ------------------------------------------------------------------------

    void fill(long x, long n, float value) {
        elementwise(Kernel.FILL, n, args().pointer(x).i64(n).f32(value).build());
    }

    void scale(long x, long n, float factor) {
        elementwise(Kernel.SCALE, n, args().pointer(x).i64(n).f32(factor).build());
    }

    /** First pass: partials [grid] doubles with grid = {@link LaunchShapes#sumOfSquares} x. */
    void sumOfSquares(long x, long n, long partials) {
        device.launch(
                Kernel.SUM_OF_SQUARES,
                LaunchShapes.sumOfSquares(n),
                args().pointer(x).i64(n).pointer(partials).build());
    }

    /** Second pass: out[r] = Σ_j partials[r·count + j] for r &lt; rows, one block per row. */
    void reducePartials(long partials, int rows, int count, long out) {
        device.launch(
                Kernel.REDUCE_PARTIALS,
                LaunchShapes.reducePartials(rows),
                args().pointer(partials).i32(count).pointer(out).build());
    }

    // ---- conv.cu ------------------------------------------------------------------------------

    /** Grid-stride over the cols elements. */
    void im2col(
            long x,
            long cols,
            long colsElements,
            int batch,
            int channels,
            int height,
            int width,
            int kernel,
            int stride,
            int padding) {
        elementwise(
                Kernel.IM2COL,
                colsElements,
                args().pointer(x)
                        .pointer(cols)
                        .i32(batch)
                        .i32(channels)
                        .i32(height)
                        .i32(width)
                        .i32(kernel)
                        .i32(stride)
                        .i32(padding)
                        .build());
    }

    /** Grid-stride over the pixels of dx (a gather per pixel, no atomics). */
    void col2im(
            long cols,
            long dx,
            long pixels,
            int batch,
            int channels,
            int height,
            int width,
            int kernel,
            int stride,
            int padding) {
        elementwise(
                Kernel.COL2IM,
                pixels,
                args().pointer(cols)
                        .pointer(dx)
                        .i32(batch)
                        .i32(channels)
                        .i32(height)
                        .i32(width)
                        .i32(kernel)
                        .i32(stride)
                        .i32(padding)
                        .build());
    }

    void batchedTranspose(long in, long out, int batch, int rows, int cols) {
        device.launch(
                Kernel.BATCHED_TRANSPOSE,
                LaunchShapes.batchedTranspose(batch, rows, cols),
                args().pointer(in).pointer(out).i32(batch).i32(rows).i32(cols).build());
    }

    // ---- gemm.cu ------------------------------------------------------------------------------

    /** m, n ≥ 1 (LaunchShapes.gemm). */
    void sgemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            long a,
            int lda,
            long b,
            int ldb,
            float beta,
            long c,
            int ldc) {
        device.launch(
                Kernel.SGEMM,
                LaunchShapes.gemm(m, n),
                args().i32(transA ? 1 : 0)
                        .i32(transB ? 1 : 0)
                        .i32(m)
                        .i32(n)
                        .i32(k)
                        .f32(alpha)
                        .pointer(a)
                        .i32(lda)
                        .pointer(b)
                        .i32(ldb)
                        .f32(beta)
                        .pointer(c)
                        .i32(ldc)
                        .build());
    }

    // ---- sparse.cu ----------------------------------------------------------------------------

    /** mode: 0 the values of x, 1 the one-sided profile, 2 the odd profile (compressed_value). */
    void compressCount(int mode, float tau, float clip, long x, int rows, int cols, long rowStart) {
        device.launch(
                Kernel.COMPRESS_COUNT,
                LaunchShapes.sparseRows(rows),
                args().i32(mode)
                        .f32(tau)
                        .f32(clip)
                        .pointer(x)
                        .i32(rows)
                        .i32(cols)
                        .pointer(rowStart)
                        .build());
    }

    void compressOffsets(long rowStart, int rows) {
        device.launch(
                Kernel.COMPRESS_OFFSETS,
                LaunchShapes.sparseScan(),
                args().pointer(rowStart).i32(rows).build());
    }

    void compressFill(int mode, float tau, float clip, long x, int rows, int cols, long rowStart, long col, long val) {
        device.launch(
                Kernel.COMPRESS_FILL,
                LaunchShapes.sparseRows(rows),
                args().i32(mode)
                        .f32(tau)
                        .f32(clip)
                        .pointer(x)
                        .i32(rows)
                        .i32(cols)
                        .pointer(rowStart)
                        .pointer(col)
                        .pointer(val)
                        .build());
    }

    /** bias is not read when hasBias is false (pass any live address, e.g. z). */
    void sparseDenseForward(
            long rowStart, long col, long val, int rows, long wT, boolean hasBias, long bias, long z, int outCols) {
        device.launch(
                Kernel.SPARSE_DENSE_FORWARD,
                LaunchShapes.sparseForward(rows, outCols),
                args().pointer(rowStart)
                        .pointer(col)
                        .pointer(val)
                        .i32(rows)
                        .pointer(wT)
                        .i32(hasBias ? 1 : 0)
                        .pointer(bias)
                        .pointer(z)
                        .i32(outCols)
                        .build());
    }

    /** Writes dWᵀ [inCols × outCols]. */
    void sparseWeightGradient(
            long rowStart, long col, long val, int rows, int inCols, long delta, long dwT, int outCols) {
        device.launch(
                Kernel.SPARSE_WEIGHT_GRADIENT,
                LaunchShapes.sparseWeightGradient(inCols, outCols),
                args().pointer(rowStart)
                        .pointer(col)
                        .pointer(val)
                        .i32(rows)
                        .i32(inCols)
                        .pointer(delta)
                        .pointer(dwT)
                        .i32(outCols)
                        .build());
    }

    void maskedInputGradient(long rowStart, long col, int rows, int inCols, long delta, long wT, long dH, int outCols) {
        device.launch(
                Kernel.MASKED_INPUT_GRADIENT,
                LaunchShapes.sparseRows(rows),
                args().pointer(rowStart)
                        .pointer(col)
                        .i32(rows)
                        .i32(inCols)
                        .pointer(delta)
                        .pointer(wT)
                        .pointer(dH)
                        .i32(outCols)
                        .build());
    }
}
