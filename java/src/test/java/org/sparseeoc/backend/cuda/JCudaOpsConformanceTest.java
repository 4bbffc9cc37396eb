package org.sparseeoc.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.Transpose;
import org.sparseeoc.testing.Tolerance;

/**
 * The conformance suite on a real GPU (device 0 through JCuda), plus cuBLAS against the built-in
 * sgemm kernel. Tagged {@code gpu}, so the default build skips it; run it on a machine with an
 * NVIDIA driver and a build that has the PTX (nvcc on PATH):
 *
 * <pre>./run-tests -DexcludedTestGroups= -Dgroups=gpu</pre>
 *
 * Without a driver, device or PTX every test is skipped with the device's one-line reason.
 */
@Tag("gpu")
class JCudaOpsConformanceTest extends CudaOpsConformance {
    @Override
    Device openDevice() {
        try {
            return JCudaDevice.open(GemmLibrary.AUTO, false);
        } catch (CudaDeviceException e) {
            return Assumptions.abort("no usable GPU: " + e.getMessage());
        }
    }

    /**
     * cuBLAS (FP32, TF32 off) and the built-in kernel on the same device and operands agree within
     * float32 summation-order rounding (as {@link CudaOpsConformance#gemm}), for every transpose
     * combination; skipped when cuBLAS did not load.
     */
    @Test
    void cublasAgreesWithTheBuiltInSgemm() {
        Device device = gpu().device();
        assumeTrue(
                device.blas().isPresent(),
                () -> "cuBLAS not loaded: " + device.details().get("cublas"));
        DeviceBlas cublas = device.blas().get();
        KernelLaunches builtIn = new KernelLaunches(device);
        int m = 97;
        int n = 130;
        int k = 75;
        Random rng = new Random(3);
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                boolean transA = ta == Transpose.YES;
                boolean transB = tb == Transpose.YES;
                int lda = transA ? m : k;
                int ldb = transB ? k : n;
                try (FloatBuffer a = put(gpu(), uniform(rng, m * k, 1));
                        FloatBuffer b = put(gpu(), uniform(rng, k * n, 1));
                        FloatBuffer c1 = nans(gpu(), m * n);
                        FloatBuffer c2 = nans(gpu(), m * n)) {
                    long da = ((CudaFloatBuffer) a).address;
                    long db = ((CudaFloatBuffer) b).address;
                    cublas.sgemm(
                            transA, transB, m, n, k, 1.25f, da, lda, db, ldb, 0f, ((CudaFloatBuffer) c1).address, n);
                    builtIn.sgemm(
                            transA, transB, m, n, k, 1.25f, da, lda, db, ldb, 0f, ((CudaFloatBuffer) c2).address, n);
                    assertClose(
                            "cuBLAS vs built-in " + ta + " " + tb,
                            get(gpu(), c2, m * n),
                            get(gpu(), c1, m * n),
                            new Tolerance(1e-6 + 1e-6 * k, 1e-5));
                }
            }
        }
        assertTrue(gpu().info().gemm().startsWith("cuBLAS"), gpu().info().gemm());
    }
}
