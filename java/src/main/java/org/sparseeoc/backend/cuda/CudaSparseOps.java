package org.sparseeoc.backend.cuda;

import java.util.Objects;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.backend.BreakEven;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.OpChecks;
import org.sparseeoc.backend.SparseOps;
import org.sparseeoc.backend.SparseRows;

/**
 * The GPU {@link SparseOps}: the kernels of {@code cuda/sparse.cu} over the buffers of one {@link
 * CudaOps}, on its device (a GPU, or the emulator in CI). The compressed h is a standard device CSR
 * ({@link CudaSparseRows}) built in three launches (per-row counts, a scan into row offsets, a fill
 * in column order); {@link #activationCompress} applies φ inside the count and fill passes, so the
 * dense h is never written. The weight gradient is computed as dWᵀ by column ownership (no
 * atomics) into a scratch buffer and transposed into dW with {@code batched_transpose}. Every
 * launch's shape and the reasons for it are in the kernels' header comments.
 *
 * <p>Deterministic: no atomics, every sum in a fixed order, so results are bit-identical run to
 * run; they agree with {@code CpuSparseOps} to float32 rounding (another summation order), and
 * the compressed values bit for bit. Buffers are checked on the host as {@code CpuSparseOps} checks
 * them, since a kernel has no bounds checks. One thread at a time, like its {@link CudaOps}; the
 * buffers it allocates belong to that CudaOps and are freed with it.
 */
public final class CudaSparseOps implements SparseOps {
    /** compressed_value modes in sparse.cu: the values as they are, or φ = g or sign·g(|·|). */
    private static final int STORE_VALUES = 0;

    private static final int STORE_PROFILE = 1;
    private static final int STORE_ODD_PROFILE = 2;

    private final CudaOps ops;
    private final KernelLaunches launches;
    /** [≥ N_in·N_out] floats: dWᵀ before its transpose into dW; grown on demand. */
    private CudaFloatBuffer weightScratch;

    /** Sparse products over the buffers of {@code ops}, on its device. */
    public CudaSparseOps(CudaOps ops) {
        this.ops = Objects.requireNonNull(ops, "ops");
        this.launches = new KernelLaunches(ops.device());
    }

    /** The backend whose buffers these products take. */
    public CudaOps ops() {
        return ops;
    }

    Device device() {
        return ops.device();
    }

    @Override
    public BreakEven breakEven() {
        return UNMEASURED_BREAK_EVEN;
    }

    /**
     * Not yet measured on a GPU (no device has been lent to this project's sessions; bench sparse
     * --backend cuda|cusparse measures it): a conservative guess, since cuBLAS runs far nearer its
     * peak than sparse kernels do, so the GPU sparse products must do much less arithmetic to win.
     */
    static final BreakEven UNMEASURED_BREAK_EVEN = new BreakEven(0.1, 0.02, "not measured on a GPU; a guess");

    @Override
    public SparseRows allocateRows(int maxRows, int cols) {
        return new CudaSparseRows(this, ops, maxRows, cols);
    }

    @Override
    public void compressRows(FloatBuffer h, int rows, SparseRows out) {
        CudaSparseRows o = rowsFor(out, rows, "out");
        compress(STORE_VALUES, 0f, 0f, span(h, (long) rows * o.cols(), "h"), rows, o);
    }

    @Override
    public void activationCompress(Activation activation, FloatBuffer z, int rows, SparseRows out) {
        CudaSparseRows o = rowsFor(out, rows, "out");
        // The float32 parameters Ops.activationForward passes to the forward kernels.
        float tau = OpChecks.tau((float) activation.threshold());
        float clip = (float) activation.clip();
        int mode = activation.kind().odd() ? STORE_ODD_PROFILE : STORE_PROFILE;
        compress(mode, tau, clip, span(z, (long) rows * o.cols(), "z"), rows, o);
    }

    /** Counts, offsets (which also sets rowStart[0] = 0 when rows = 0), fill. */
    private void compress(int mode, float tau, float clip, long x, int rows, CudaSparseRows o) {
        if (rows > 0) {
            launches.compressCount(mode, tau, clip, x, rows, o.cols(), o.rowStart.address);
        }
        launches.compressOffsets(o.rowStart.address, rows);
        if (rows > 0) {
            launches.compressFill(mode, tau, clip, x, rows, o.cols(), o.rowStart.address, o.col.address, o.val.address);
        }
        o.rows = rows;
    }

    @Override
    public void sparseDenseForward(SparseRows h, FloatBuffer wT, FloatBuffer bias, FloatBuffer z, int outCols) {
        CudaSparseRows in = own(h, "h");
        OpChecks.outCols(outCols);
        long w = span(wT, (long) in.cols() * outCols, "wT");
        long out = span(z, (long) in.rows() * outCols, "z");
        long b = bias == null ? out : span(bias, outCols, "bias");
        if (in.rows() == 0 || outCols == 0) {
            return; // z is empty
        }
        launches.sparseDenseForward(
                in.rowStart.address, in.col.address, in.val.address, in.rows(), w, bias != null, b, out, outCols);
    }

    @Override
    public void sparseWeightGradient(FloatBuffer delta, SparseRows h, FloatBuffer dW, int outCols) {
        CudaSparseRows in = own(h, "h");
        OpChecks.outCols(outCols);
        long d = span(delta, (long) in.rows() * outCols, "delta");
        long dw = span(dW, (long) outCols * in.cols(), "dW");
        if (outCols == 0 || in.cols() == 0) {
            return; // dW is empty
        }
        long scratch = weightScratch((long) in.cols() * outCols); // dWᵀ [N_in × N_out]
        launches.sparseWeightGradient(
                in.rowStart.address, in.col.address, in.val.address, in.rows(), in.cols(), d, scratch, outCols);
        launches.batchedTranspose(scratch, dw, 1, in.cols(), outCols);
    }

    /** The kernel writes dWᵀ row by row already (one block owns row j), so no transpose is needed. */
    @Override
    public void sparseWeightGradientTransposed(FloatBuffer delta, SparseRows h, FloatBuffer dWT, int outCols) {
        CudaSparseRows in = own(h, "h");
        OpChecks.outCols(outCols);
        long d = span(delta, (long) in.rows() * outCols, "delta");
        long dwT = span(dWT, (long) in.cols() * outCols, "dWT");
        if (outCols == 0 || in.cols() == 0) {
            return; // dWᵀ is empty
        }
        launches.sparseWeightGradient(
                in.rowStart.address, in.col.address, in.val.address, in.rows(), in.cols(), d, dwT, outCols);
    }

    @Override
    public void maskedInputGradient(FloatBuffer delta, FloatBuffer wT, SparseRows mask, FloatBuffer dH, int outCols) {
        CudaSparseRows m = own(mask, "mask");
        OpChecks.outCols(outCols);
        long d = span(delta, (long) m.rows() * outCols, "delta");
        long w = span(wT, (long) m.cols() * outCols, "wT");
        long out = span(dH, (long) m.rows() * m.cols(), "dH");
        if (m.rows() == 0 || m.cols() == 0) {
            return; // dH is empty
        }
        launches.maskedInputGradient(m.rowStart.address, m.col.address, m.rows(), m.cols(), d, w, out, outCols);
    }

    /** The address of a scratch buffer of at least n floats (n ≥ 1), grown to the largest asked for. */
    private long weightScratch(long n) {
        if (weightScratch == null || weightScratch.length() < n) {
            if (weightScratch != null) {
                weightScratch.close();
            }
            weightScratch = (CudaFloatBuffer) ops.allocate(n);
        }
        return weightScratch.address;
    }

    CudaSparseRows own(SparseRows rows, String name) {
        if (rows instanceof CudaSparseRows c && c.owner == this) {
            return c.live();
        }
        throw new IllegalArgumentException(name + " is not a SparseRows of this CudaSparseOps: " + rows);
    }

    private CudaSparseRows rowsFor(SparseRows out, int rows, String name) {
        CudaSparseRows o = own(out, name);
        OpChecks.rowsWithin(name, rows, o.maxRows());
        return o;
    }

    /** The device address of a buffer of {@link #ops} after checking that it holds at least n elements. */
    long span(FloatBuffer buffer, long n, String name) {
        if (!(buffer instanceof CudaFloatBuffer d && d.owner == ops)) {
            throw new IllegalArgumentException(name + " is not a buffer of this CudaSparseOps' CudaOps: " + buffer);
        }
        OpChecks.span(name, n, d.length());
        return d.address;
    }
}
