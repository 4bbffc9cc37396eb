package org.sparseeoc.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.sparseeoc.testing.NvidiaDriver;

/**
 * {@link JCudaDevice}'s failure without a driver, which CI machines (no GPU) exercise: one line
 * naming the missing library, as {@link CudaDeviceException} (the spec maps it to exit 2). The
 * device itself is tested under the {@code gpu} tag ({@link JCudaOpsConformanceTest}).
 */
class JCudaDeviceTest {
    static final String NO_DRIVER = "no NVIDIA driver: libcuda.so.1 cannot be loaded (it is installed with the"
            + " NVIDIA driver; without a GPU use \"backend\": \"cpu\")";

    @Test
    void withoutADriverOpenFailsWithOneLine() {
        assumeTrue(NvidiaDriver.absent(), "this machine has an NVIDIA driver");
        CudaDeviceException e =
                assertThrows(CudaDeviceException.class, () -> JCudaDevice.open(GemmLibrary.AUTO, false));
        assertEquals(NO_DRIVER, e.getMessage());
        // A second attempt (JCuda's class is then unusable) says the same, not "could not initialize".
        assertEquals(
                NO_DRIVER,
                assertThrows(CudaDeviceException.class, () -> JCudaDevice.open(GemmLibrary.BUILTIN, false))
                        .getMessage());
    }

    @Test
    void theBuildHasPtxForEveryFamilyWhenNvccWasPresent() {
        assumeTrue(
                JCudaDevice.class.getResource("/org/sparseeoc/cuda/ptx/gemm.ptx") != null,
                "no PTX in this build (nvcc was not on PATH)");
        for (Kernel kernel : Kernel.values()) {
            assertTrue(
                    JCudaDevice.class.getResource("/org/sparseeoc/cuda/ptx/" + kernel.family() + ".ptx") != null,
                    kernel.family());
        }
    }
}
