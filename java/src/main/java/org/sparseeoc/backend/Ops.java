package org.sparseeoc.backend;

import org.sparseeoc.activation.Activation;
import org.sparseeoc.activation.ClippedRelu;
import org.sparseeoc.activation.ClippedSoftThreshold;
import org.sparseeoc.activation.Relu;
import org.sparseeoc.activation.ShiftedRelu;
import org.sparseeoc.activation.SoftThreshold;

/**
 * The named ops every backend implements. One name per op everywhere: {@code Ops.creluForward} ↔
 * {@code CpuOps.creluForward} ↔ CUDA kernel {@code crelu_forward} ↔ its conformance test.
 *
 * <p>Conventions: matrices are row-major; {@code n} arguments are element counts; outputs are fully
 * overwritten unless the op says it accumulates; every op may run asynchronously on a device except
 * those that return a host value (they synchronise). Buffers passed in must come from this instance.
 * An instance is used by one thread at a time (backends keep scratch space). Activation inputs must
 * be finite. Results are bit-reproducible run to run for a fixed backend configuration (for the
 * CPU backend: the same OpenBLAS thread count), which exact resume relies on.
 */
public interface Ops extends AutoCloseable {

    /** What this backend is (name, GEMM library, threads), for provenance. */
    BackendInfo info();

    // ---- memory -------------------------------------------------------------------------------

    /** A new zero-filled float buffer of {@code length} elements. */
    FloatBuffer allocate(long length);

    /** A new zero-filled int buffer of {@code length} elements. */
    IntBuffer allocateInts(long length);

    /** A view of {@code length} elements of {@code base} from {@code offset}; not to be closed. */
    FloatBuffer slice(FloatBuffer base, long offset, long length);

    /** dst[dstOffset + i] = src[srcOffset + i] for i &lt; length (host → backend). */
    void upload(float[] src, int srcOffset, FloatBuffer dst, long dstOffset, int length);

    /** dst[i] = src[i] for i &lt; length (host → backend). */
    void uploadInts(int[] src, IntBuffer dst, int length);

    /** dst[dstOffset + i] = src[srcOffset + i] for i &lt; length (backend → host). */
    void download(FloatBuffer src, long srcOffset, float[] dst, int dstOffset, int length);

    /** x[i] = value for i &lt; n. */
    void fill(FloatBuffer x, long n, float value);

    // ---- dense layers -------------------------------------------------------------------------

    /**
     * C[m×n] = alpha·op(A)·op(B) + beta·C, row-major, op(A) m×k, op(B) k×n, leading dimensions in
     * elements (the stored row length). With beta = 0, C's prior contents (even NaN) are ignored.
     */
    void gemm(
            Transpose transA,
            Transpose transB,
            int m,
            int n,
            int k,
            float alpha,
            FloatBuffer a,
            int lda,
            FloatBuffer b,
            int ldb,
            float beta,
            FloatBuffer c,
            int ldc);

    /** z[r·cols + c] += bias[c] for a rows×cols matrix z. */
    void biasAdd(FloatBuffer z, FloatBuffer bias, int rows, int cols);

    /** dbias[c] = Σ_r dz[r·cols + c] (overwrites dbias). */
    void biasGradient(FloatBuffer dz, FloatBuffer dbias, int rows, int cols);

    // ---- convolution by im2col + GEMM ----------------------------------------------------------

    /**
     * Unfolds the k×k patches of a batch of channels-first images into the rows of a matrix, so
     * that a convolution is one GEMM: out[batch·Ho·Wo × Cout] = cols · Wᵀ with weights W [Cout ×
     * C·k·k] (row-major, each filter laid out [C, k, k]).
     *
     * <p>Shapes: x is [batch × C × H × W] (element (n, ci, y, x) at ((n·C + ci)·H + y)·W + x);
     * the output is Ho × Wo with Ho = ⌊(H + 2·padding − kernel)/stride⌋ + 1 and Wo likewise (as in
     * PyTorch and cuDNN: when the division is not exact, the last rows or columns of the padded
     * image that no window reaches are ignored); cols is [batch·Ho·Wo × C·k·k], overwritten. Row r
     * = (n·Ho + oy)·Wo + ox, column c = (ci·k + ky)·k + kx, value x[n, ci, oy·stride + ky −
     * padding, ox·stride + kx − padding], or 0 where that position is outside the image (zero
     * padding).
     *
     * <p>Requires batch ≥ 0; channels, height, width, kernel, stride ≥ 1; padding ≥ 0; H + 2·padding
     * ≥ kernel and W + 2·padding ≥ kernel (Ho, Wo ≥ 1); C·H·W, C·k·k and batch·Ho·Wo below 2³¹
     * (IllegalArgumentException otherwise). x and cols must not overlap.
     */
    void im2col(
            FloatBuffer x,
            FloatBuffer cols,
            int batch,
            int channels,
            int height,
            int width,
            int kernel,
            int stride,
            int padding);

    /**
     * The adjoint of {@link #im2col} with the same shape arguments: dx [batch × C × H × W] is
     * overwritten with, at each pixel, the sum of every element of cols [batch·Ho·Wo × C·k·k] that
     * im2col would have copied from it (elements at padding positions are dropped; pixels no window
     * reaches get 0). So ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩, and col2im(dcols) is a convolution's
     * input gradient when dcols = dout · W. Each pixel is summed in one fixed order (bit-identical
     * run to run). Requirements as for im2col; cols and dx must not overlap.
     */
    void col2im(
            FloatBuffer cols,
            FloatBuffer dx,
            int batch,
            int channels,
            int height,
            int width,
            int kernel,
            int stride,
            int padding);

    /**
     * Transposes each of {@code batch} row-major rows×cols matrices: in [batch × rows × cols] → out
     * [batch × cols × rows], out[(n·cols + c)·rows + r] = in[(n·rows + r)·cols + c]. Converts
     * activations between position-major ("NHWC", what a convolution GEMM produces: rows = Ho·Wo
     * positions, cols = channels) and channels-first ("NCHW", what {@link #im2col} reads), and back
     * with rows and cols swapped.
     *
     * <p>Requires batch, rows, cols ≥ 0 and batch·rows·cols below 2³¹ (IllegalArgumentException
     * otherwise); in and out must not overlap. out is overwritten.
     */
    void batchedTranspose(FloatBuffer in, FloatBuffer out, int batch, int rows, int cols);

    // ---- activations: h = φ(z); dz = dh·φ'(z) (φ' = 0 at kinks) -----------------------------------

    void reluForward(FloatBuffer z, FloatBuffer h, long n);

    void reluBackward(FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n);

    void reluTauForward(float tau, FloatBuffer z, FloatBuffer h, long n);

    void reluTauBackward(float tau, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n);

    void stForward(float tau, FloatBuffer z, FloatBuffer h, long n);

    void stBackward(float tau, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n);

    void creluForward(float tau, float clip, FloatBuffer z, FloatBuffer h, long n);

    void creluBackward(float tau, float clip, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n);

    void cstForward(float tau, float clip, FloatBuffer z, FloatBuffer h, long n);

    void cstBackward(float tau, float clip, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n);

    /**
     * Zero, clipped, Σz and Σz² counts of φ over z[0..n) (synchronises). Counting uses the float32
     * parameters exactly as the forward op does, so "zeros" are the forward op's exact zeros.
     */
    ActivationStats activationStats(Activation activation, FloatBuffer z, long n);

    /** h = φ(z) for any activation, dispatched to the op of its kind. */
    default void activationForward(Activation activation, FloatBuffer z, FloatBuffer h, long n) {
        switch (activation) {
            case Relu r -> reluForward(z, h, n);
            case ShiftedRelu r -> reluTauForward((float) r.tau(), z, h, n);
            case SoftThreshold s -> stForward((float) s.tau(), z, h, n);
            case ClippedRelu c -> creluForward((float) c.tau(), (float) c.clip(), z, h, n);
            case ClippedSoftThreshold c -> cstForward((float) c.tau(), (float) c.clip(), z, h, n);
        }
    }

    /** dz = dh·φ'(z) for any activation, dispatched to the op of its kind. */
    default void activationBackward(Activation activation, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        switch (activation) {
            case Relu r -> reluBackward(z, dh, dz, n);
            case ShiftedRelu r -> reluTauBackward((float) r.tau(), z, dh, dz, n);
            case SoftThreshold s -> stBackward((float) s.tau(), z, dh, dz, n);
            case ClippedRelu c -> creluBackward((float) c.tau(), (float) c.clip(), z, dh, dz, n);
            case ClippedSoftThreshold c -> cstBackward((float) c.tau(), (float) c.clip(), z, dh, dz, n);
        }
    }

    // ---- loss ---------------------------------------------------------------------------------

    /**
     * Softmax cross-entropy of rows×classes logits against labels; writes dlogits = (softmax −
     * onehot)·gradScale (pass 1/rows for the mean loss's gradient) and adds the summed loss, the
     * number of correct arg-max predictions and {@code rows} to {@code into} (synchronises). Stable:
     * subtracts each row's max.
     */
    void softmaxCrossEntropy(
            FloatBuffer logits,
            IntBuffer labels,
            FloatBuffer dlogits,
            int rows,
            int classes,
            float gradScale,
            LossAccumulator into);

    // ---- optimizer steps and reductions ----------------------------------------------------------

    /**
     * SGD with momentum over n parameters: g = grad + weightDecay·param; v = momentum·v + g; param −=
     * lr·(nesterov ? g + momentum·v : v).
     */
    void sgdMomentumStep(
            FloatBuffer param,
            FloatBuffer grad,
            FloatBuffer velocity,
            long n,
            float lr,
            float momentum,
            float weightDecay,
            boolean nesterov);

    /**
     * Adam (bias-corrected, L2 weight decay added to the gradient) over n parameters at 1-based step
     * t: g = grad + wd·param; m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; param −= lr·m̂/(√v̂ + eps) with
     * m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
     */
    void adamStep(
            FloatBuffer param,
            FloatBuffer grad,
            FloatBuffer m,
            FloatBuffer v,
            long n,
            float lr,
            float beta1,
            float beta2,
            float eps,
            float weightDecay,
            long t);

    /** Σ x[i]² over i &lt; n, accumulated in double (synchronises). */
    double sumOfSquares(FloatBuffer x, long n);

    /** x[i] *= factor for i &lt; n. */
    void scale(FloatBuffer x, long n, float factor);

    /** Frees everything this backend owns. */
    @Override
    void close();
}
