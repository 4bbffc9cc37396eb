package org.sparseeoc.backend.cpu;

import java.lang.foreign.MemorySegment;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.backend.BreakEven;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.OpChecks;
import org.sparseeoc.backend.SparseOps;
import org.sparseeoc.backend.SparseRows;

/**
 * The CPU {@link SparseOps}, over the buffers of one {@link CpuOps}. Single-threaded on the calling
 * thread, like CpuOps' elementwise ops (and for the same reason: OpenBLAS's two worker threads
 * occupy both cores of the target machine around every GEMM). Two sets of loops ({@link
 * SparseLoops}): the Vector API ones ({@link SimdSparseKernels}) when the JVM was started with
 * {@code --add-modules=jdk.incubator.vector} (./sparse-eoc, the Docker image and the tests do), else
 * the plain-Java ones ({@link SparseKernels}); {@code -D}{@value #SIMD_PROPERTY}{@code =false}
 * forces the latter. The measured speed of both against OpenBLAS is in docs/BENCHMARKS.md, "Sparse
 * products (CPU)".
 */
public final class CpuSparseOps implements SparseOps {
    /** System property: {@code false} forces the plain-Java loops; {@code true} (default) uses SIMD if loaded. */
    public static final String SIMD_PROPERTY = "sparseeoc.cpu.sparseSimd";

    /**
     * System property: threads the SIMD loops split a product's output rows over (default 1; the
     * plain-Java loops always use one). Results do not depend on it.
     */
    public static final String THREADS_PROPERTY = "sparseeoc.cpu.sparseThreads";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private final CpuOps ops;
    private final SparseLoops kernels;

    /**
     * Sparse products over the buffers of {@code ops}, with the loops {@value #SIMD_PROPERTY} and the
     * threads {@value #THREADS_PROPERTY} select.
     */
    public CpuSparseOps(CpuOps ops) {
        this(ops, simdFromSystemProperty(), threadsFromSystemProperty());
    }

    /**
     * Sparse products over the buffers of {@code ops}; {@code simd}: the Vector API loops if the
     * {@code jdk.incubator.vector} module is loaded (else the plain-Java ones regardless), splitting
     * their output rows over {@code threads} threads (≥ 1).
     */
    public CpuSparseOps(CpuOps ops, boolean simd, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("sparse product threads must be >= 1, got " + threads);
        }
        this.ops = ops;
        this.kernels = simd && simdAvailable() ? new SimdSparseKernels(threads) : new SparseKernels();
    }

    /** Stops the worker threads and frees the scratch, if any (idempotent); buffers belong to the CpuOps. */
    @Override
    public void close() {
        kernels.close();
    }

    /** Whether this JVM has the Vector API module loaded (started with --add-modules=jdk.incubator.vector). */
    public static boolean simdAvailable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * The Vector API loops against one-thread OpenBLAS (default kernels) on the development machine
     * (2-core AMD EPYC with AVX-512, docs/BENCHMARKS.md, "Sparse products (CPU)"): the forward
     * product and weight gradient break even at s = 0.40–0.59 (density 0.41–0.6) and win 1.4–2.5×
     * at density 0.3; the masked input gradient breaks even at s = 0.49–0.76, so it is taken up to
     * density 0.25. Both kept below the measured break-even so that noise does not tip a layer
     * into the slower product.
     */
    static final BreakEven SIMD_BREAK_EVEN = new BreakEven(0.35, 0.25, "bench sparse, CPU Vector API loops");

    /**
     * The plain-Java loops on the same machine: the forward product and weight gradient win at
     * density 0.15 and lose at 0.3; the masked input gradient wins only near 0.01.
     */
    static final BreakEven SCALAR_BREAK_EVEN = new BreakEven(0.2, 0.02, "bench sparse, CPU plain-Java loops");

    @Override
    public BreakEven breakEven() {
        return kernels instanceof SimdSparseKernels ? SIMD_BREAK_EVEN : SCALAR_BREAK_EVEN;
    }

    /** Which loops run the products, for provenance: "simd (…)" or "scalar (…)". */
    public String loops() {
        return kernels.describe();
    }

    private static int threadsFromSystemProperty() {
        String value = System.getProperty(THREADS_PROPERTY, "1").strip();
        int threads;
        try {
            threads = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            threads = 0;
        }
        if (threads < 1) {
            throw new IllegalArgumentException(
                    "-D" + THREADS_PROPERTY + " must be an integer >= 1, got '" + value + "'");
        }
        return threads;
    }

    private static boolean simdFromSystemProperty() {
        String value = System.getProperty(SIMD_PROPERTY, "true").strip();
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new IllegalArgumentException(
                        "-D" + SIMD_PROPERTY + " must be true or false, got '" + value + "'");
        };
    }

    @Override
    public SparseRows allocateRows(int maxRows, int cols) {
        return new HostSparseRows(this, maxRows, cols);
    }

    @Override
    public void compressRows(FloatBuffer h, int rows, SparseRows out) {
        HostSparseRows o = rowsFor(out, rows, "out");
        kernels.compress(span(h, (long) rows * o.cols(), "h"), rows, o);
    }

    @Override
    public void activationCompress(Activation activation, FloatBuffer z, int rows, SparseRows out) {
        HostSparseRows o = rowsFor(out, rows, "out");
        // The float32 parameters Ops.activationForward passes to the forward op.
        float tau = (float) activation.threshold();
        float clip = (float) activation.clip();
        kernels.activationCompress(activation.kind().odd(), tau, clip, span(z, (long) rows * o.cols(), "z"), rows, o);
    }

    @Override
    public void sparseDenseForward(SparseRows h, FloatBuffer wT, FloatBuffer bias, FloatBuffer z, int outCols) {
        HostSparseRows in = own(h, "h");
        OpChecks.outCols(outCols);
        MemorySegment b = bias == null ? null : span(bias, outCols, "bias");
        kernels.forward(
                in, span(wT, (long) in.cols() * outCols, "wT"), b, span(z, (long) in.rows() * outCols, "z"), outCols);
    }

    @Override
    public void sparseWeightGradient(FloatBuffer delta, SparseRows h, FloatBuffer dW, int outCols) {
        HostSparseRows in = own(h, "h");
        OpChecks.outCols(outCols);
        long dwLength = (long) outCols * in.cols();
        if (dwLength > Integer.MAX_VALUE - 16 || (long) in.rows() * outCols > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("sparseWeightGradient: N_out·N_in = " + dwLength + " or B·N_out = "
                    + (long) in.rows() * outCols + " too large for int indexing");
        }
        kernels.weightGradient(span(delta, (long) in.rows() * outCols, "delta"), in, span(dW, dwLength, "dW"), outCols);
    }

    @Override
    public void sparseWeightGradientTransposed(FloatBuffer delta, SparseRows h, FloatBuffer dWT, int outCols) {
        HostSparseRows in = own(h, "h");
        OpChecks.outCols(outCols);
        kernels.weightGradientTransposed(
                span(delta, (long) in.rows() * outCols, "delta"),
                in,
                span(dWT, (long) in.cols() * outCols, "dWT"),
                outCols);
    }

    @Override
    public void maskedInputGradient(FloatBuffer delta, FloatBuffer wT, SparseRows mask, FloatBuffer dH, int outCols) {
        HostSparseRows m = own(mask, "mask");
        OpChecks.outCols(outCols);
        kernels.maskedInputGradient(
                span(delta, (long) m.rows() * outCols, "delta"),
                span(wT, (long) m.cols() * outCols, "wT"),
                m,
                span(dH, (long) m.rows() * m.cols(), "dH"),
                outCols);
    }

    private HostSparseRows own(SparseRows rows, String name) {
        if (rows instanceof HostSparseRows h && h.owner == this) {
            return h.live();
        }
        throw new IllegalArgumentException(name + " is not a SparseRows of this CpuSparseOps: " + rows);
    }

    private HostSparseRows rowsFor(SparseRows out, int rows, String name) {
        HostSparseRows o = own(out, name);
        OpChecks.rowsWithin(name, rows, o.maxRows());
        return o;
    }

    /** The segment of a buffer of {@link #ops} after checking that it holds at least n elements. */
    private MemorySegment span(FloatBuffer buffer, long n, String name) {
        if (!(buffer instanceof HostFloatBuffer h && h.owner == ops)) {
            throw new IllegalArgumentException(name + " is not a buffer of this CpuSparseOps' CpuOps: " + buffer);
        }
        if (n > h.length()) {
            throw new IndexOutOfBoundsException(name + ": needs " + n + " elements but the buffer has " + h.length());
        }
        return h.segment;
    }
}
