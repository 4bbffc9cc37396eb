package org.sparseeoc.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.backend.ActivationStats;
import org.sparseeoc.backend.BackendInfo;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.IntBuffer;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.OpChecks;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.Transpose;

/**
 * The CPU backend: the reference implementation of {@link Ops} and the fast CPU path.
 *
 * <p>Memory: buffers are native memory ({@link HostFloatBuffer}, {@link HostIntBuffer}), each base
 * buffer in its own arena so that closing it frees it; {@link #close} frees whatever is still open.
 *
 * <p>Threading policy (measured in docs/BENCHMARKS.md, "CPU backend"): GEMM runs in OpenBLAS with
 * {@link CpuConfig#threads()} threads; every other op runs single-threaded on the calling thread.
 * Why: at the sizes of an MLP step (10⁴–10⁵ elements) an elementwise op takes a few to ~100
 * microseconds, less than handing half of it to another thread and waiting for it; and after a
 * product OpenBLAS's workers spin (sched_yield) waiting for the next one, so a Java worker started
 * then competes with them for the two cores. Measured on a whole training step, splitting the
 * elementwise ops over two threads was always slower. Single-threaded elementwise ops also fix the
 * order of every reduction, and OpenBLAS partitions a product over blocks of C, so results are
 * bit-identical run to run for a fixed thread count (not across thread counts).
 *
 * <p>On a machine shared with other work, prefer 1 thread: a 2-thread product whose partner thread
 * is descheduled waits for it at each synchronisation point (measured: 100× slower).
 *
 * <p>Elementwise ops stream their operands through heap tiles ({@link Tiles}) because C2 in JDK 25
 * does not vectorise loops between two native segments.
 *
 * <p>Not thread-safe: one thread at a time uses an instance (like one CUDA stream). Outputs of the
 * elementwise ops may be the same buffer as an input (in place) but must not partially overlap
 * one; gemm's C must not overlap A or B (as in BLAS). Activation inputs are assumed finite.
 */
public final class CpuOps implements Ops {
    private final CpuConfig config;
    private final OpenBlas blas;
    private final Tiles tiles = new Tiles();
    private final BackendInfo info;
    // Open base buffers, freed by close(); identity set, since buffers have no value equality.
    private final Set<AutoCloseable> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    /** A CPU backend configured from system properties ({@link CpuConfig#fromSystemProperties}). */
    public CpuOps() {
        this(CpuConfig.fromSystemProperties());
    }

    /** A CPU backend; loads OpenBLAS on first use (fails with one line if it cannot). */
    public CpuOps(CpuConfig config) {
        this.config = config;
        this.blas = OpenBlas.get();
        blas.ensureThreads(config.threads());
        this.info = new BackendInfo(
                "cpu",
                blas.config() + " (" + blas.parallel() + ")",
                blas.numThreads(),
                Map.of(
                        "openblas.config", blas.config(),
                        "openblas.corename", blas.corename(),
                        "openblas.parallel", blas.parallel(),
                        "openblas.library", blas.libraryPath(),
                        "threads.requested", Integer.toString(config.threads()),
                        "elementwise", "single-threaded on the calling thread, " + Tiles.TILE + "-float tiles",
                        "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")));
    }

    /** Threads property, for the CLI and provenance. */
    public CpuConfig config() {
        return config;
    }

    @Override
    public BackendInfo info() {
        return info;
    }

    // ---- memory -------------------------------------------------------------------------------

    @Override
    public FloatBuffer allocate(long length) {
        HostFloatBuffer buffer = HostFloatBuffer.allocate(this, length);
        remember(buffer);
        return buffer;
    }

    @Override
    public IntBuffer allocateInts(long length) {
        HostIntBuffer buffer = HostIntBuffer.allocate(this, length);
        remember(buffer);
        return buffer;
    }

    @Override
    public FloatBuffer slice(FloatBuffer base, long offset, long length) {
        return host(base, "base").slice(offset, length);
    }

    @Override
    public void upload(float[] src, int srcOffset, FloatBuffer dst, long dstOffset, int length) {
        // MemorySegment.copy checks both ranges and throws IndexOutOfBoundsException.
        MemorySegment.copy(src, srcOffset, host(dst, "dst").segment, JAVA_FLOAT, 4 * dstOffset, length);
    }

    @Override
    public void uploadInts(int[] src, IntBuffer dst, int length) {
        MemorySegment.copy(src, 0, hostInts(dst, "dst").segment, JAVA_INT, 0, length);
    }

    @Override
    public void download(FloatBuffer src, long srcOffset, float[] dst, int dstOffset, int length) {
        MemorySegment.copy(host(src, "src").segment, JAVA_FLOAT, 4 * srcOffset, dst, dstOffset, length);
    }

    @Override
    public void fill(FloatBuffer x, long n, float value) {
        VectorKernels.fill(tiles, span(x, n, "x"), n, value);
    }

    // ---- dense layers -------------------------------------------------------------------------

    @Override
    public void gemm(
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
            int ldc) {
        OpChecks.gemmSizes(m, n, k);
        // Stored shapes (row-major): op(A) is m×k, so A is m×k, or k×m when transposed; likewise B.
        boolean ta = transA == Transpose.YES;
        boolean tb = transB == Transpose.YES;
        MemorySegment sa = operand("A", a, ta ? k : m, ta ? m : k, lda);
        MemorySegment sb = operand("B", b, tb ? n : k, tb ? k : n, ldb);
        MemorySegment sc = operand("C", c, m, n, ldc);
        if (m == 0 || n == 0) {
            return; // nothing to write; OpenBLAS would return too
        }
        blas.ensureThreads(config.threads());
        blas.sgemm(
                ta ? OpenBlas.TRANS : OpenBlas.NO_TRANS,
                tb ? OpenBlas.TRANS : OpenBlas.NO_TRANS,
                m,
                n,
                k,
                alpha,
                sa,
                lda,
                sb,
                ldb,
                beta,
                sc,
                ldc);
    }

    @Override
    public void biasAdd(FloatBuffer z, FloatBuffer bias, int rows, int cols) {
        OpChecks.matrix(rows, cols);
        DenseKernels.biasAdd(tiles, span(z, (long) rows * cols, "z"), span(bias, cols, "bias"), rows, cols);
    }

    @Override
    public void biasGradient(FloatBuffer dz, FloatBuffer dbias, int rows, int cols) {
        OpChecks.matrix(rows, cols);
        DenseKernels.biasGradient(tiles, span(dz, (long) rows * cols, "dz"), span(dbias, cols, "dbias"), rows, cols);
    }

    // ---- convolution by im2col + GEMM ----------------------------------------------------------

    @Override
    public void im2col(
            FloatBuffer x,
            FloatBuffer cols,
            int batch,
            int channels,
            int height,
            int width,
            int kernel,
            int stride,
            int padding) {
        OpChecks.conv("im2col", batch, channels, height, width, kernel, stride, padding);
        ConvKernels.im2col(
                tiles,
                span(x, OpChecks.imageElements(batch, channels, height, width), "x"),
                span(cols, OpChecks.colsElements(batch, channels, height, width, kernel, stride, padding), "cols"),
                batch,
                channels,
                height,
                width,
                kernel,
                stride,
                padding);
    }

    @Override
    public void col2im(
            FloatBuffer cols,
            FloatBuffer dx,
            int batch,
            int channels,
            int height,
            int width,
            int kernel,
            int stride,
            int padding) {
        OpChecks.conv("col2im", batch, channels, height, width, kernel, stride, padding);
        ConvKernels.col2im(
                tiles,
                span(cols, OpChecks.colsElements(batch, channels, height, width, kernel, stride, padding), "cols"),
                span(dx, OpChecks.imageElements(batch, channels, height, width), "dx"),
                batch,
                channels,
                height,
                width,
                kernel,
                stride,
                padding);
    }

    @Override
    public void batchedTranspose(FloatBuffer in, FloatBuffer out, int batch, int rows, int cols) {
        long n = OpChecks.batchedTranspose(batch, rows, cols);
        ConvKernels.batchedTranspose(tiles, span(in, n, "in"), span(out, n, "out"), batch, rows, cols);
    }

    // ---- activations --------------------------------------------------------------------------

    @Override
    public void reluForward(FloatBuffer z, FloatBuffer h, long n) {
        forward(false, 0f, Float.POSITIVE_INFINITY, z, h, n);
    }

    @Override
    public void reluBackward(FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        backward(false, 0f, Float.POSITIVE_INFINITY, z, dh, dz, n);
    }

    @Override
    public void reluTauForward(float tau, FloatBuffer z, FloatBuffer h, long n) {
        forward(false, tau, Float.POSITIVE_INFINITY, z, h, n);
    }

    @Override
    public void reluTauBackward(float tau, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        backward(false, tau, Float.POSITIVE_INFINITY, z, dh, dz, n);
    }

    @Override
    public void stForward(float tau, FloatBuffer z, FloatBuffer h, long n) {
        forward(true, tau, Float.POSITIVE_INFINITY, z, h, n);
    }

    @Override
    public void stBackward(float tau, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        backward(true, tau, Float.POSITIVE_INFINITY, z, dh, dz, n);
    }

    @Override
    public void creluForward(float tau, float clip, FloatBuffer z, FloatBuffer h, long n) {
        forward(false, tau, OpChecks.clip(clip), z, h, n);
    }

    @Override
    public void creluBackward(float tau, float clip, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        backward(false, tau, OpChecks.clip(clip), z, dh, dz, n);
    }

    @Override
    public void cstForward(float tau, float clip, FloatBuffer z, FloatBuffer h, long n) {
        forward(true, tau, OpChecks.clip(clip), z, h, n);
    }

    @Override
    public void cstBackward(float tau, float clip, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        backward(true, tau, OpChecks.clip(clip), z, dh, dz, n);
    }

    @Override
    public ActivationStats activationStats(Activation activation, FloatBuffer z, long n) {
        // The same float32 parameters as Ops.activationForward passes to the forward op.
        float tau = (float) activation.threshold();
        float clip = (float) activation.clip();
        return ActivationKernels.stats(tiles, activation.kind().odd(), OpChecks.tau(tau), clip, span(z, n, "z"), n);
    }

    private void forward(boolean odd, float tau, float clip, FloatBuffer z, FloatBuffer h, long n) {
        ActivationKernels.forward(tiles, odd, OpChecks.tau(tau), clip, span(z, n, "z"), span(h, n, "h"), n);
    }

    private void backward(boolean odd, float tau, float clip, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        ActivationKernels.backward(
                tiles, odd, OpChecks.tau(tau), clip, span(z, n, "z"), span(dh, n, "dh"), span(dz, n, "dz"), n);
    }

    // ---- loss ---------------------------------------------------------------------------------

    @Override
    public void softmaxCrossEntropy(
            FloatBuffer logits,
            IntBuffer labels,
            FloatBuffer dlogits,
            int rows,
            int classes,
            float gradScale,
            LossAccumulator into) {
        OpChecks.loss(rows, classes);
        long count = (long) rows * classes;
        HostIntBuffer y = hostInts(labels, "labels");
        if (y.length() < rows) {
            throw new IndexOutOfBoundsException("labels has " + y.length() + " elements, need rows = " + rows);
        }
        LossKernels.softmaxCrossEntropy(
                tiles,
                span(logits, count, "logits"),
                y.segment,
                span(dlogits, count, "dlogits"),
                rows,
                classes,
                gradScale,
                into);
    }

    // ---- optimizer steps and reductions ----------------------------------------------------------

    @Override
    public void sgdMomentumStep(
            FloatBuffer param,
            FloatBuffer grad,
            FloatBuffer velocity,
            long n,
            float lr,
            float momentum,
            float weightDecay,
            boolean nesterov) {
        OptimizerKernels.sgdMomentum(
                tiles,
                span(param, n, "param"),
                span(grad, n, "grad"),
                span(velocity, n, "velocity"),
                n,
                lr,
                momentum,
                weightDecay,
                nesterov);
    }

    @Override
    public void adamStep(
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
            long t) {
        OpChecks.adamStep(t);
        OptimizerKernels.adam(
                tiles,
                span(param, n, "param"),
                span(grad, n, "grad"),
                span(m, n, "m"),
                span(v, n, "v"),
                n,
                lr,
                beta1,
                beta2,
                eps,
                weightDecay,
                t);
    }

    @Override
    public double sumOfSquares(FloatBuffer x, long n) {
        return VectorKernels.sumOfSquares(tiles, span(x, n, "x"), n);
    }

    @Override
    public void scale(FloatBuffer x, long n, float factor) {
        VectorKernels.scale(tiles, span(x, n, "x"), n, factor);
    }

    /** Frees every buffer still open; the instance is unusable afterwards. Idempotent. */
    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (open) {
            closed = true;
            toClose = new ArrayList<>(open);
        }
        for (AutoCloseable buffer : toClose) {
            try {
                buffer.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + buffer, e);
            }
        }
    }

    // ---- bookkeeping and argument checks ------------------------------------------------------

    private void remember(AutoCloseable buffer) {
        synchronized (open) {
            if (closed) {
                try {
                    buffer.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                throw new IllegalStateException("CpuOps is closed");
            }
            open.add(buffer);
        }
    }

    /** Called by a base buffer's close. */
    void forget(AutoCloseable buffer) {
        synchronized (open) {
            open.remove(buffer);
        }
    }

    private HostFloatBuffer host(FloatBuffer buffer, String name) {
        if (buffer instanceof HostFloatBuffer h && h.owner == this) {
            return h;
        }
        throw new IllegalArgumentException(name + " is not a buffer of this CpuOps: " + buffer);
    }

    private HostIntBuffer hostInts(IntBuffer buffer, String name) {
        if (buffer instanceof HostIntBuffer h && h.owner == this) {
            return h;
        }
        throw new IllegalArgumentException(name + " is not an int buffer of this CpuOps: " + buffer);
    }

    /** The segment of {@code buffer} after checking that it holds at least n elements. */
    private MemorySegment span(FloatBuffer buffer, long n, String name) {
        HostFloatBuffer h = host(buffer, name);
        OpChecks.span(name, n, h.length());
        return h.segment;
    }

    /** The segment of a stored rows×cols GEMM operand, after {@link OpChecks#gemmOperand}. */
    private MemorySegment operand(String name, FloatBuffer buffer, int rows, int cols, int ld) {
        HostFloatBuffer h = host(buffer, name);
        OpChecks.gemmOperand(name, rows, cols, ld, h.length());
        return h.segment;
    }
}
