package org.sparseeoc.backend.cuda;

import static jcuda.jcusparse.JCusparse.cusparseCreate;
import static jcuda.jcusparse.JCusparse.cusparseCreateCsr;
import static jcuda.jcusparse.JCusparse.cusparseCreateDnMat;
import static jcuda.jcusparse.JCusparse.cusparseDestroy;
import static jcuda.jcusparse.JCusparse.cusparseDestroyDnMat;
import static jcuda.jcusparse.JCusparse.cusparseDestroySpMat;
import static jcuda.jcusparse.JCusparse.cusparseGetVersion;
import static jcuda.jcusparse.JCusparse.cusparseSDDMM;
import static jcuda.jcusparse.JCusparse.cusparseSDDMM_bufferSize;
import static jcuda.jcusparse.JCusparse.cusparseSpMM;
import static jcuda.jcusparse.JCusparse.cusparseSpMM_bufferSize;
import static jcuda.jcusparse.JCusparse.cusparseSparseToDense;
import static jcuda.jcusparse.JCusparse.cusparseSparseToDense_bufferSize;
import static jcuda.jcusparse.cusparseIndexBase.CUSPARSE_INDEX_BASE_ZERO;
import static jcuda.jcusparse.cusparseIndexType.CUSPARSE_INDEX_32I;
import static jcuda.jcusparse.cusparseOperation.CUSPARSE_OPERATION_NON_TRANSPOSE;
import static jcuda.jcusparse.cusparseOperation.CUSPARSE_OPERATION_TRANSPOSE;
import static jcuda.jcusparse.cusparseOrder.CUSPARSE_ORDER_ROW;
import static jcuda.jcusparse.cusparseSDDMMAlg.CUSPARSE_SDDMM_ALG_DEFAULT;
import static jcuda.jcusparse.cusparseSpMMAlg.CUSPARSE_SPMM_ALG_DEFAULT;
import static jcuda.jcusparse.cusparseSparseToDenseAlg.CUSPARSE_SPARSETODENSE_ALG_DEFAULT;

import java.util.Objects;
import jcuda.Pointer;
import jcuda.cudaDataType;
import jcuda.jcusparse.JCusparse;
import jcuda.jcusparse.cusparseDnMatDescr;
import jcuda.jcusparse.cusparseHandle;
import jcuda.jcusparse.cusparseSpMatDescr;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.backend.BreakEven;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.OpChecks;
import org.sparseeoc.backend.SparseOps;
import org.sparseeoc.backend.SparseRows;

/**
 * The baseline for the built-in sparse kernels: the three products by NVIDIA's cuSPARSE (generic
 * API, CSR with int32 indices, float32, through JCusparse) on the CSR that {@link CudaSparseOps}
 * builds, which is the standard zero-based CSR cuSPARSE takes, so compression is shared and only
 * the products differ:
 *
 * <ul>
 *   <li>forward z = h·Wᵀ + b: {@code cusparseSpMM} (h CSR [B × N_in] times Wᵀ [N_in × N_out],
 *       row-major), then {@link CudaOps#biasAdd};
 *   <li>weight gradient: {@code cusparseSpMM} with h transposed gives dWᵀ = hᵀ·δ [N_in × N_out]
 *       (row-major dense operands must share one order), transposed into dW by {@link
 *       CudaOps#batchedTranspose};
 *   <li>masked input gradient: {@code cusparseSDDMM} of δ [B × N_out] and (Wᵀ)ᵀ at the positions
 *       of the mask into a scratch CSR value array, then {@code cusparseSparseToDense} into dH (zeros
 *       elsewhere).
 * </ul>
 *
 * <p>Opened only on a real GPU and only where JCusparse's JNI library and {@code libcusparse.so.12}
 * load ({@link #open}); otherwise one line naming the fix ({@link CudaDeviceException}). JCusparse
 * exceptions are enabled, so a failing call throws naming its status. cuSPARSE's default
 * algorithms may use atomics, so unlike the built-in kernels its results need not be bit-identical
 * run to run. Descriptors are created per call (host-side, microseconds), the workspace grows on
 * demand. Not thread-safe; {@link #close} destroys the handle (buffers belong to the CudaOps).
 */
public final class CusparseSparseOps implements SparseOps, AutoCloseable {
    /** The one-line error where libcusparse.so.12 is missing. */
    static final String NO_LIBCUSPARSE = "cuSPARSE is not available: libcusparse.so.12 cannot be loaded (install the"
            + " CUDA 12 cuSPARSE library and put its directory on LD_LIBRARY_PATH, or use the built-in sparse kernels)";

    /** Why JCusparse's JNI library did not load, once known: a second attempt cannot succeed. */
    private static String libraryFailure;

    private final CudaOps ops;
    private final CudaSparseOps kernels;
    private final cusparseHandle handle = new cusparseHandle();
    private final String description;
    /** cuSPARSE's workspace, grown to the largest size any call asked for. */
    private CudaFloatBuffer workspace;
    /** [≥ N_in·N_out] dWᵀ, or [≥ nnz] SDDMM values; grown on demand. */
    private CudaFloatBuffer scratch;

    private boolean closed;

    private CusparseSparseOps(CudaOps ops) {
        this.ops = ops;
        this.kernels = new CudaSparseOps(ops);
        cusparseCreate(handle);
        int[] version = new int[1];
        cusparseGetVersion(handle, version);
        description = "cuSPARSE " + version[0] / 1000 + "." + version[0] % 1000 / 100 + "." + version[0] % 100
                + " (cusparseSpMM, cusparseSDDMM; CSR int32, fp32)";
    }

    /**
     * cuSPARSE products over the buffers of {@code ops}. Throws {@link CudaDeviceException} with one
     * line when JCusparse or libcusparse.so.12 does not load, or when {@code ops} runs on the
     * emulator (cuSPARSE needs a real GPU).
     */
    public static CusparseSparseOps open(CudaOps ops) {
        Objects.requireNonNull(ops, "ops");
        loadLibrary();
        if (ops.device().emulated()) {
            throw new CudaDeviceException(
                    "cuSPARSE needs a real GPU, but this CUDA backend runs on the emulator: use the built-in sparse"
                            + " kernels (CudaSparseOps) there");
        }
        return new CusparseSparseOps(ops);
    }

    /** Loads JCusparse (and with it libcusparse.so.12) once, with exceptions enabled; else one line. */
    static void loadLibrary() {
        synchronized (CusparseSparseOps.class) {
            if (libraryFailure != null) {
                throw new CudaDeviceException(libraryFailure);
            }
            try {
                JCusparse.setExceptionsEnabled(true); // loads the JNI library on first use
            } catch (LinkageError e) {
                libraryFailure = loadFailure(e);
                throw new CudaDeviceException(libraryFailure, e);
            }
        }
    }

    /**
     * The one line for JCusparse failing to load. The usual cause: its JNI library links
     * libcusparse.so.12, which only a CUDA 12 toolkit or runtime installs (not the driver).
     */
    private static String loadFailure(LinkageError e) {
        String reason = JCudaDevice.linkerMessage(e);
        if (reason.contains("libcusparse.so.12")) {
            return NO_LIBCUSPARSE;
        }
        return "cuSPARSE is not available: the JCusparse binding did not load (" + reason + ")";
    }

    /** For provenance and the benchmark, e.g. "cuSPARSE 12.5.4 (cusparseSpMM, cusparseSDDMM; ...)". */
    public String description() {
        return description;
    }

    @Override
    public BreakEven breakEven() {
        return CudaSparseOps.UNMEASURED_BREAK_EVEN;
    }

    @Override
    public SparseRows allocateRows(int maxRows, int cols) {
        return kernels.allocateRows(maxRows, cols);
    }

    @Override
    public void compressRows(FloatBuffer h, int rows, SparseRows out) {
        kernels.compressRows(h, rows, out);
    }

    @Override
    public void activationCompress(Activation activation, FloatBuffer z, int rows, SparseRows out) {
        kernels.activationCompress(activation, z, rows, out);
    }

    @Override
    public void sparseDenseForward(SparseRows h, FloatBuffer wT, FloatBuffer bias, FloatBuffer z, int outCols) {
        CudaSparseRows in = kernels.own(h, "h");
        OpChecks.outCols(outCols);
        long w = kernels.span(wT, (long) in.cols() * outCols, "wT");
        long out = kernels.span(z, (long) in.rows() * outCols, "z");
        if (bias != null) {
            kernels.span(bias, outCols, "bias");
        }
        if (in.rows() == 0 || outCols == 0) {
            return;
        }
        long nnz = in.nonzeros();
        if (nnz == 0) {
            ops.fill(z, (long) in.rows() * outCols, 0f);
        } else {
            spmm(CUSPARSE_OPERATION_NON_TRANSPOSE, in, in.val.address, nnz, w, in.cols(), outCols, out, in.rows());
        }
        if (bias != null) {
            ops.biasAdd(z, bias, in.rows(), outCols);
        }
    }

    @Override
    public void sparseWeightGradient(FloatBuffer delta, SparseRows h, FloatBuffer dW, int outCols) {
        CudaSparseRows in = kernels.own(h, "h");
        OpChecks.outCols(outCols);
        kernels.span(dW, (long) outCols * in.cols(), "dW");
        if (outCols == 0 || in.cols() == 0) {
            return;
        }
        CudaFloatBuffer dWt = scratch((long) in.cols() * outCols); // [N_in × N_out]
        sparseWeightGradientTransposed(delta, h, dWt, outCols);
        ops.batchedTranspose(dWt, dW, 1, in.cols(), outCols);
    }

    @Override
    public void sparseWeightGradientTransposed(FloatBuffer delta, SparseRows h, FloatBuffer dWT, int outCols) {
        CudaSparseRows in = kernels.own(h, "h");
        OpChecks.outCols(outCols);
        long d = kernels.span(delta, (long) in.rows() * outCols, "delta");
        long dwT = kernels.span(dWT, (long) in.cols() * outCols, "dWT");
        if (outCols == 0 || in.cols() == 0) {
            return;
        }
        long nnz = in.rows() == 0 ? 0 : in.nonzeros();
        if (nnz == 0) {
            ops.fill(dWT, (long) in.cols() * outCols, 0f);
            return;
        }
        spmm(CUSPARSE_OPERATION_TRANSPOSE, in, in.val.address, nnz, d, in.rows(), outCols, dwT, in.cols());
    }

    @Override
    public void maskedInputGradient(FloatBuffer delta, FloatBuffer wT, SparseRows mask, FloatBuffer dH, int outCols) {
        CudaSparseRows m = kernels.own(mask, "mask");
        OpChecks.outCols(outCols);
        long d = kernels.span(delta, (long) m.rows() * outCols, "delta");
        long w = kernels.span(wT, (long) m.cols() * outCols, "wT");
        long out = kernels.span(dH, (long) m.rows() * m.cols(), "dH");
        if (m.rows() == 0 || m.cols() == 0) {
            return;
        }
        long nnz = m.nonzeros();
        if (nnz == 0 || outCols == 0) {
            ops.fill(dH, (long) m.rows() * m.cols(), 0f);
            return;
        }
        CudaFloatBuffer values = scratch(nnz); // [nnz]: the SDDMM result at the mask's positions
        Pointer one = Pointer.to(new float[] {1f});
        Pointer zero = Pointer.to(new float[] {0f});
        cusparseSpMatDescr c = csr(m, values.address, nnz);
        cusparseDnMatDescr a = dense(m.rows(), outCols, d);
        cusparseDnMatDescr b = dense(m.cols(), outCols, w); // Wᵀ, used transposed: W [N_out × N_in]
        cusparseDnMatDescr dense = dense(m.rows(), m.cols(), out);
        try {
            long[] bytes = new long[1];
            cusparseSDDMM_bufferSize(
                    handle,
                    CUSPARSE_OPERATION_NON_TRANSPOSE,
                    CUSPARSE_OPERATION_TRANSPOSE,
                    one,
                    a.asConst(),
                    b.asConst(),
                    zero,
                    c,
                    cudaDataType.CUDA_R_32F,
                    CUSPARSE_SDDMM_ALG_DEFAULT,
                    bytes);
            cusparseSDDMM(
                    handle,
                    CUSPARSE_OPERATION_NON_TRANSPOSE,
                    CUSPARSE_OPERATION_TRANSPOSE,
                    one,
                    a.asConst(),
                    b.asConst(),
                    zero,
                    c,
                    cudaDataType.CUDA_R_32F,
                    CUSPARSE_SDDMM_ALG_DEFAULT,
                    workspace(bytes[0]));
            cusparseSparseToDense_bufferSize(handle, c.asConst(), dense, CUSPARSE_SPARSETODENSE_ALG_DEFAULT, bytes);
            cusparseSparseToDense(handle, c.asConst(), dense, CUSPARSE_SPARSETODENSE_ALG_DEFAULT, workspace(bytes[0]));
        } finally {
            cusparseDestroySpMat(c.asConst());
            cusparseDestroyDnMat(a.asConst());
            cusparseDestroyDnMat(b.asConst());
            cusparseDestroyDnMat(dense.asConst());
        }
    }

    /**
     * C [cRows × cols] = op(h)·B with B [bRows × cols], both row-major (ld = cols), alpha 1, beta 0
     * (C is only written).
     */
    private void spmm(
            int opA, CudaSparseRows h, long values, long nnz, long b, int bRows, int cols, long c, int cRows) {
        Pointer one = Pointer.to(new float[] {1f});
        Pointer zero = Pointer.to(new float[] {0f});
        cusparseSpMatDescr a = csr(h, values, nnz);
        cusparseDnMatDescr bd = dense(bRows, cols, b);
        cusparseDnMatDescr cd = dense(cRows, cols, c);
        try {
            long[] bytes = new long[1];
            cusparseSpMM_bufferSize(
                    handle,
                    opA,
                    CUSPARSE_OPERATION_NON_TRANSPOSE,
                    one,
                    a.asConst(),
                    bd.asConst(),
                    zero,
                    cd,
                    cudaDataType.CUDA_R_32F,
                    CUSPARSE_SPMM_ALG_DEFAULT,
                    bytes);
            cusparseSpMM(
                    handle,
                    opA,
                    CUSPARSE_OPERATION_NON_TRANSPOSE,
                    one,
                    a.asConst(),
                    bd.asConst(),
                    zero,
                    cd,
                    cudaDataType.CUDA_R_32F,
                    CUSPARSE_SPMM_ALG_DEFAULT,
                    workspace(bytes[0]));
        } finally {
            cusparseDestroySpMat(a.asConst());
            cusparseDestroyDnMat(bd.asConst());
            cusparseDestroyDnMat(cd.asConst());
        }
    }

    /** A CSR descriptor over h's row offsets and columns with the given values [nnz]. */
    private static cusparseSpMatDescr csr(CudaSparseRows h, long values, long nnz) {
        cusparseSpMatDescr descr = new cusparseSpMatDescr();
        cusparseCreateCsr(
                descr,
                h.rows(),
                h.cols(),
                nnz,
                DevicePointer.at(h.rowStart.address),
                DevicePointer.at(h.col.address),
                DevicePointer.at(values),
                CUSPARSE_INDEX_32I,
                CUSPARSE_INDEX_32I,
                CUSPARSE_INDEX_BASE_ZERO,
                cudaDataType.CUDA_R_32F);
        return descr;
    }

    /** A row-major dense descriptor [rows × cols] with ld = cols. */
    private static cusparseDnMatDescr dense(int rows, int cols, long address) {
        cusparseDnMatDescr descr = new cusparseDnMatDescr();
        cusparseCreateDnMat(
                descr, rows, cols, cols, DevicePointer.at(address), cudaDataType.CUDA_R_32F, CUSPARSE_ORDER_ROW);
        return descr;
    }

    /** A workspace of at least {@code bytes} (rounded up to floats; at least one). */
    private Pointer workspace(long bytes) {
        long floats = Math.max(1, (bytes + Float.BYTES - 1) / Float.BYTES);
        if (workspace == null || workspace.length() < floats) {
            if (workspace != null) {
                workspace.close();
            }
            workspace = (CudaFloatBuffer) ops.allocate(floats);
        }
        return DevicePointer.at(workspace.address);
    }

    private CudaFloatBuffer scratch(long floats) {
        if (scratch == null || scratch.length() < floats) {
            if (scratch != null) {
                scratch.close();
            }
            scratch = (CudaFloatBuffer) ops.allocate(floats);
        }
        return scratch;
    }

    /** Destroys the cuSPARSE handle (idempotent); the buffers are freed with the CudaOps. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cusparseDestroy(handle);
        }
    }

    /** A JCuda pointer to a raw device address (NativePointerObject's constructor is protected). */
    private static final class DevicePointer extends Pointer {
        private DevicePointer(long address) {
            super(address);
        }

        static Pointer at(long address) {
            return new DevicePointer(address);
        }
    }
}
