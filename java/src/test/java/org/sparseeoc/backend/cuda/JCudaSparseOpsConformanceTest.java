package org.sparseeoc.backend.cuda;

import static org.sparseeoc.backend.cuda.CudaOpsConformance.get;
import static org.sparseeoc.backend.cuda.CudaOpsConformance.nans;
import static org.sparseeoc.backend.cuda.CudaOpsConformance.put;
import static org.sparseeoc.backend.cuda.CudaOpsConformance.uniform;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.SparseRows;
import org.sparseeoc.testing.Tolerance;

/**
 * The sparse conformance suite on a real GPU (device 0 through JCuda), plus cuSPARSE ({@link
 * CusparseSparseOps}) against the built-in kernels on the same device and operands. Tagged {@code
 * gpu}: run with {@code ./run-tests -DexcludedTestGroups= -Dgroups=gpu} on a machine with an NVIDIA
 * driver and a build that has the PTX. Without them, every test is skipped with the reason.
 */
@Tag("gpu")
class JCudaSparseOpsConformanceTest extends CudaSparseOpsConformance {
    @Override
    Device openDevice() {
        try {
            return JCudaDevice.open(GemmLibrary.AUTO, false);
        } catch (CudaDeviceException e) {
            return Assumptions.abort("no usable GPU: " + e.getMessage());
        }
    }

    /**
     * cuSPARSE and the built-in kernels agree within float32 summation-order rounding on every
     * case of the suite (same tolerances as against the CPU); skipped when cuSPARSE does not load.
     */
    @ParameterizedTest
    @MethodSource("cases")
    void cusparseAgreesWithTheBuiltInKernels(Case c) {
        CusparseSparseOps cusparse;
        try {
            cusparse = CusparseSparseOps.open(gpu());
        } catch (CudaDeviceException e) {
            Assumptions.abort(e.getMessage());
            return;
        }
        try (cusparse) {
            Random rng = new Random(c.seed());
            int b = c.rows();
            int nIn = c.nIn();
            int nOut = c.nOut();
            float[] hHost = sparseInput(rng, c);
            int outLength = Math.max(1, Math.max(b * nOut, Math.max(nOut * nIn, b * nIn)));
            try (FloatBuffer h = put(gpu(), hHost);
                    FloatBuffer wT = put(gpu(), uniform(rng, nIn * nOut, 1));
                    FloatBuffer bias = put(gpu(), uniform(rng, nOut, 1));
                    FloatBuffer delta = put(gpu(), uniform(rng, b * nOut, 1));
                    FloatBuffer ours = nans(gpu(), outLength);
                    FloatBuffer theirs = nans(gpu(), outLength);
                    SparseRows hs = gpuSparse().allocateRows(b, nIn)) {
                gpuSparse().compressRows(h, b, hs);
                gpuSparse().sparseDenseForward(hs, wT, bias, ours, nOut);
                cusparse.sparseDenseForward(hs, wT, bias, theirs, nOut);
                compare(
                        "forward",
                        new Tolerance(1e-6 * nIn, 1e-5),
                        get(gpu(), ours, b * nOut),
                        get(gpu(), theirs, b * nOut),
                        nOut);
                gpuSparse().sparseWeightGradient(delta, hs, ours, nOut);
                cusparse.sparseWeightGradient(delta, hs, theirs, nOut);
                compare(
                        "dW",
                        new Tolerance(1e-6 * b, 1e-5),
                        get(gpu(), ours, nOut * nIn),
                        get(gpu(), theirs, nOut * nIn),
                        nIn);
                gpuSparse().maskedInputGradient(delta, wT, hs, ours, nOut);
                cusparse.maskedInputGradient(delta, wT, hs, theirs, nOut);
                compare(
                        "masked dH",
                        new Tolerance(1e-6 * nOut, 1e-5),
                        get(gpu(), ours, b * nIn),
                        get(gpu(), theirs, b * nIn),
                        nIn);
            }
        }
    }
}
