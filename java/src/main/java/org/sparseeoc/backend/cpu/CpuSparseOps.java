package org.sparseeoc.backend.cpu;

import java.lang.foreign.MemorySegment;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.OpChecks;
import org.sparseeoc.backend.SparseOps;
import org.sparseeoc.backend.SparseRows;

/**
 * The CPU {@link SparseOps}, over the buffers of one {@link CpuOps}. Single-threaded on the calling
 * thread, like CpuOps' elementwise ops (and for the same reason: OpenBLAS's two worker threads
 * occupy both cores of the target machine around every GEMM). The loops and their layout choices
 * are described in {@link SparseKernels}; the measured speed against OpenBLAS is in
 * docs/BENCHMARKS.md, "Sparse products (CPU)".
 */
public final class CpuSparseOps implements SparseOps {
    private final CpuOps ops;
    private final SparseKernels kernels = new SparseKernels();

    /** Sparse products over the buffers of {@code ops}. */
    public CpuSparseOps(CpuOps ops) {
        this.ops = ops;
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
