package org.sparseeoc.backend.cuda;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * The GPU backend: every {@link Ops} method as kernel launches on a {@link Device} (a GPU through
 * the CUDA driver, or the host emulator in CI). Arguments are checked on the host with the same
 * {@link OpChecks} as {@code CpuOps}, since a kernel has no bounds checks.
 *
 * <p>Reductions run in two passes without atomics (per-block partials, then {@code
 * reduce_partials} in a fixed order), so results are bit-identical run to run. Where the contract
 * returns a host value ({@link #sumOfSquares}, {@link #activationStats}, {@link
 * #softmaxCrossEntropy}) the op synchronises by copying its few result words to the host; the
 * per-row losses are added on the host in row order in double, as the CPU twin adds them. Adam's
 * bias corrections 1 − βᵗ are computed on the host in double with StrictMath, as the twin does, so
 * the kernel computes the twin's exact bits.
 *
 * <p>GEMM uses the device's vendor BLAS (cuBLAS) when it has one, else the built-in {@code sgemm}
 * kernel; {@link #info()} says which.
 *
 * <p>Owns its device: {@link #close} frees every buffer still open, the scratch space and then the
 * device. One thread at a time (like one CUDA stream).
 */
public final class CudaOps implements Ops {
    /** Partials of a first reduction pass: up to 4 rows (activation_stats) of ≤ 1024 blocks. */
    private static final int PARTIAL_ROWS = 4;

    private final Device device;
    private final KernelLaunches launches;
    private final BackendInfo info;
    // Open base buffers, freed by close(); identity set, since buffers have no value equality.
    private final Set<AutoCloseable> open = Collections.newSetFromMap(new IdentityHashMap<>());
    /** [PARTIAL_ROWS, MAX_REDUCTION_BLOCKS] doubles: first-pass partials. */
    private final long partials;
    /** [PARTIAL_ROWS] doubles: reduce_partials' row sums. */
    private final long sums;

    private final double[] hostSums = new double[PARTIAL_ROWS];
    /** [lossCapacity] doubles and ints: softmax_cross_entropy's per-row loss and correct flag. */
    private long rowLoss;

    private long rowCorrect;
    private int lossCapacity;
    private double[] hostRowLoss = new double[0];
    private int[] hostRowCorrect = new int[0];
    private boolean closed;

    /** A backend on {@code device}, which it owns from now on (closed by {@link #close}). */
    public CudaOps(Device device) {
        this.device = Objects.requireNonNull(device, "device");
        this.launches = new KernelLaunches(device);
        this.partials = device.allocate((long) Double.BYTES * PARTIAL_ROWS * LaunchShapes.MAX_REDUCTION_BLOCKS);
        this.sums = device.allocate((long) Double.BYTES * PARTIAL_ROWS);
        String gemm = device.blas()
                .map(DeviceBlas::description)
                .orElse(device.emulated() ? "built-in sgemm (emulated)" : "built-in sgemm");
        Map<String, String> details = new LinkedHashMap<>(device.details());
        details.put("gemm", gemm);
        details.put("reductions", "two-pass partials + reduce_partials, no atomics (bit-reproducible)");
        // One host thread drives one device stream: "threads" is the host side of the backend.
        this.info = new BackendInfo("cuda", gemm, 1, details);
    }

    /** The device the kernels run on. */
    public Device device() {
        return device;
    }

    @Override
    public BackendInfo info() {
        return info;
    }

    // ---- memory -------------------------------------------------------------------------------

    @Override
    public FloatBuffer allocate(long length) {
        long address = allocateZeroed(length, Float.BYTES);
        CudaFloatBuffer buffer = new CudaFloatBuffer(this, address, length, true);
        remember(buffer);
        return buffer;
    }

    @Override
    public IntBuffer allocateInts(long length) {
        long address = allocateZeroed(length, Integer.BYTES);
        CudaIntBuffer buffer = new CudaIntBuffer(this, address, length);
        remember(buffer);
        return buffer;
    }

    @Override
    public FloatBuffer slice(FloatBuffer base, long offset, long length) {
        return dev(base, "base").slice(offset, length);
    }

    @Override
    public void upload(float[] src, int srcOffset, FloatBuffer dst, long dstOffset, int length) {
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        CudaFloatBuffer d = dev(dst, "dst");
        Objects.checkFromIndexSize(dstOffset, length, d.length());
        if (length > 0) {
            device.copyToDevice(src, srcOffset, d.address + Float.BYTES * dstOffset, length);
        }
    }

    @Override
    public void uploadInts(int[] src, IntBuffer dst, int length) {
        Objects.checkFromIndexSize(0, length, src.length);
        CudaIntBuffer d = devInts(dst, "dst");
        Objects.checkFromIndexSize(0, length, d.length());
        if (length > 0) {
            device.copyToDevice(src, 0, d.address, length);
        }
    }

    @Override
    public void download(FloatBuffer src, long srcOffset, float[] dst, int dstOffset, int length) {
        CudaFloatBuffer s = dev(src, "src");
        Objects.checkFromIndexSize(srcOffset, length, s.length());
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        if (length > 0) {
            device.copyToHost(s.address + Float.BYTES * srcOffset, dst, dstOffset, length);
        }
    }

    @Override
    public void fill(FloatBuffer x, long n, float value) {
        launches.fill(span(x, n, "x"), n, value);
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
        long da = operand("A", a, ta ? k : m, ta ? m : k, lda);
        long db = operand("B", b, tb ? n : k, tb ? k : n, ldb);
        long dc = operand("C", c, m, n, ldc);
        if (m == 0 || n == 0) {
            return; // nothing to write (and no valid grid)
        }
        if (device.blas().isPresent()) {
            device.blas().get().sgemm(ta, tb, m, n, k, alpha, da, lda, db, ldb, beta, dc, ldc);
        } else {
            launches.sgemm(ta, tb, m, n, k, alpha, da, lda, db, ldb, beta, dc, ldc);
        }
    }

    @Override
    public void biasAdd(FloatBuffer z, FloatBuffer bias, int rows, int cols) {
        OpChecks.matrix(rows, cols);
        launches.biasAdd(span(z, (long) rows * cols, "z"), span(bias, cols, "bias"), rows, cols);
    }

    @Override
    public void biasGradient(FloatBuffer dz, FloatBuffer dbias, int rows, int cols) {
        OpChecks.matrix(rows, cols);
        launches.biasGradient(span(dz, (long) rows * cols, "dz"), span(dbias, cols, "dbias"), rows, cols);
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
        long colsElements = OpChecks.colsElements(batch, channels, height, width, kernel, stride, padding);
        launches.im2col(
                span(x, OpChecks.imageElements(batch, channels, height, width), "x"),
                span(cols, colsElements, "cols"),
                colsElements,
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
        long pixels = OpChecks.imageElements(batch, channels, height, width);
        launches.col2im(
                span(cols, OpChecks.colsElements(batch, channels, height, width, kernel, stride, padding), "cols"),
                span(dx, pixels, "dx"),
                pixels,
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
        launches.batchedTranspose(span(in, n, "in"), span(out, n, "out"), batch, rows, cols);
    }

    // ---- activations --------------------------------------------------------------------------

    @Override
    public void reluForward(FloatBuffer z, FloatBuffer h, long n) {
        launches.reluForward(span(z, n, "z"), span(h, n, "h"), n);
    }

    @Override
    public void reluBackward(FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        launches.reluBackward(span(z, n, "z"), span(dh, n, "dh"), span(dz, n, "dz"), n);
    }

    @Override
    public void reluTauForward(float tau, FloatBuffer z, FloatBuffer h, long n) {
        launches.reluTauForward(OpChecks.tau(tau), span(z, n, "z"), span(h, n, "h"), n);
    }

    @Override
    public void reluTauBackward(float tau, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        launches.reluTauBackward(OpChecks.tau(tau), span(z, n, "z"), span(dh, n, "dh"), span(dz, n, "dz"), n);
    }

    @Override
    public void stForward(float tau, FloatBuffer z, FloatBuffer h, long n) {
        launches.stForward(OpChecks.tau(tau), span(z, n, "z"), span(h, n, "h"), n);
    }

    @Override
    public void stBackward(float tau, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        launches.stBackward(OpChecks.tau(tau), span(z, n, "z"), span(dh, n, "dh"), span(dz, n, "dz"), n);
    }

    @Override
    public void creluForward(float tau, float clip, FloatBuffer z, FloatBuffer h, long n) {
        launches.creluForward(OpChecks.tau(tau), OpChecks.clip(clip), span(z, n, "z"), span(h, n, "h"), n);
    }

    @Override
    public void creluBackward(float tau, float clip, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        launches.creluBackward(
                OpChecks.tau(tau), OpChecks.clip(clip), span(z, n, "z"), span(dh, n, "dh"), span(dz, n, "dz"), n);
    }

    @Override
    public void cstForward(float tau, float clip, FloatBuffer z, FloatBuffer h, long n) {
        launches.cstForward(OpChecks.tau(tau), OpChecks.clip(clip), span(z, n, "z"), span(h, n, "h"), n);
    }

    @Override
    public void cstBackward(float tau, float clip, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        launches.cstBackward(
                OpChecks.tau(tau), OpChecks.clip(clip), span(z, n, "z"), span(dh, n, "dh"), span(dz, n, "dz"), n);
    }

    /**
     * Counts by activation_stats partials and reduce_partials: the counts are sums of 0/1 in double,
     * exact below 2⁵³, so zeros and clipped equal the CPU's; Σz and Σz² are double sums in another
     * order than the CPU's (equal to double rounding).
     */
    @Override
    public ActivationStats activationStats(Activation activation, FloatBuffer z, long n) {
        // The same float32 parameters as Ops.activationForward passes to the forward op (+∞ clip
        // for the unclipped kinds: no finite φ(z) counts as clipped).
        float tau = OpChecks.tau((float) activation.threshold());
        float clip = (float) activation.clip();
        long address = span(z, n, "z");
        int grid = LaunchShapes.activationStats(n).gridX();
        launches.activationStats(activation.kind().odd(), tau, clip, address, n, partials);
        launches.reducePartials(partials, PARTIAL_ROWS, grid, sums);
        device.copyToHost(sums, hostSums, 0, PARTIAL_ROWS);
        return new ActivationStats(n, (long) hostSums[0], (long) hostSums[1], hostSums[2], hostSums[3]);
    }

    // ---- loss ---------------------------------------------------------------------------------

    /**
     * The kernel writes dlogits and each row's loss and correct flag; the host adds the rows in
     * order (in double, as the twin does) and throws IllegalArgumentException naming the first row
     * whose label the kernel marked as outside [0, classes), before adding anything to {@code
     * into}.
     */
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
        CudaIntBuffer y = devInts(labels, "labels");
        if (y.length() < rows) {
            throw new IndexOutOfBoundsException("labels has " + y.length() + " elements, need rows = " + rows);
        }
        long in = span(logits, count, "logits");
        long out = span(dlogits, count, "dlogits");
        ensureLossCapacity(rows);
        launches.softmaxCrossEntropy(in, y.address, out, rows, classes, gradScale, rowLoss, rowCorrect);
        device.copyToHost(rowLoss, hostRowLoss, 0, rows);
        device.copyToHost(rowCorrect, hostRowCorrect, 0, rows);
        double sumLoss = 0;
        long correct = 0;
        for (int r = 0; r < rows; r++) {
            if (hostRowCorrect[r] < 0) {
                int[] label = new int[1];
                device.copyToHost(y.address + (long) Integer.BYTES * r, label, 0, 1);
                throw new IllegalArgumentException(OpChecks.badLabel(label[0], r, classes));
            }
            sumLoss += hostRowLoss[r];
            correct += hostRowCorrect[r];
        }
        into.add(sumLoss, correct, rows);
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
        launches.sgdMomentumStep(
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
        // As the twin: once per step in double (StrictMath: the same bits everywhere), then float.
        float correction1 = (float) (1.0 - StrictMath.pow(beta1, t));
        float correction2 = (float) (1.0 - StrictMath.pow(beta2, t));
        launches.adamStep(
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
                correction1,
                correction2);
    }

    /** Per-block double partials, then reduce_partials; the result is a double sum like the CPU's. */
    @Override
    public double sumOfSquares(FloatBuffer x, long n) {
        long address = span(x, n, "x");
        int grid = LaunchShapes.sumOfSquares(n).gridX();
        launches.sumOfSquares(address, n, partials);
        launches.reducePartials(partials, 1, grid, sums);
        device.copyToHost(sums, hostSums, 0, 1);
        return hostSums[0];
    }

    @Override
    public void scale(FloatBuffer x, long n, float factor) {
        launches.scale(span(x, n, "x"), n, factor);
    }

    /** Frees every buffer still open and the scratch space, then closes the device. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> toClose = new ArrayList<>(open);
        try {
            for (AutoCloseable buffer : toClose) {
                try {
                    buffer.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + buffer, e);
                }
            }
        } finally {
            device.close(); // frees the scratch space with everything else on the device
        }
    }

    // ---- bookkeeping and argument checks ------------------------------------------------------

    /** length elements of elementBytes each, zeroed (device memory is not zeroed by allocation). */
    private long allocateZeroed(long length, int elementBytes) {
        if (closed) {
            throw new IllegalStateException("CudaOps is closed");
        }
        if (length < 0) {
            throw new IllegalArgumentException("buffer length must be >= 0, got " + length);
        }
        long bytes = Math.multiplyExact(length, elementBytes);
        long address = device.allocate(Math.max(elementBytes, bytes)); // a length-0 buffer still has an address
        device.memset(address, (byte) 0, Math.max(elementBytes, bytes));
        return address;
    }

    private void remember(AutoCloseable buffer) {
        open.add(buffer);
    }

    /**
     * Called by a base buffer's close: frees its device memory, unless {@link #close} already freed
     * it with the whole device.
     */
    void release(AutoCloseable buffer, long address) {
        if (open.remove(buffer)) {
            device.free(address);
        }
    }

    /** Grows the per-row loss scratch to at least max(1, rows) rows. */
    private void ensureLossCapacity(int rows) {
        if (rows <= lossCapacity && lossCapacity > 0) {
            return;
        }
        int capacity = Math.max(1, Math.max(rows, 2 * lossCapacity));
        if (lossCapacity > 0) {
            device.free(rowLoss);
            device.free(rowCorrect);
        }
        rowLoss = device.allocate((long) Double.BYTES * capacity);
        rowCorrect = device.allocate((long) Integer.BYTES * capacity);
        lossCapacity = capacity;
        hostRowLoss = new double[capacity];
        hostRowCorrect = new int[capacity];
    }

    private CudaFloatBuffer dev(FloatBuffer buffer, String name) {
        if (buffer instanceof CudaFloatBuffer d && d.owner == this) {
            return d;
        }
        throw new IllegalArgumentException(name + " is not a buffer of this CudaOps: " + buffer);
    }

    private CudaIntBuffer devInts(IntBuffer buffer, String name) {
        if (buffer instanceof CudaIntBuffer d && d.owner == this) {
            return d;
        }
        throw new IllegalArgumentException(name + " is not an int buffer of this CudaOps: " + buffer);
    }

    /** The device address of {@code buffer} after checking that it holds at least n elements. */
    private long span(FloatBuffer buffer, long n, String name) {
        CudaFloatBuffer d = dev(buffer, name);
        OpChecks.span(name, n, d.length());
        return d.address;
    }

    /** The device address of a stored rows×cols GEMM operand, after {@link OpChecks#gemmOperand}. */
    private long operand(String name, FloatBuffer buffer, int rows, int cols, int ld) {
        CudaFloatBuffer d = dev(buffer, name);
        OpChecks.gemmOperand(name, rows, cols, ld, d.length());
        return d.address;
    }
}
