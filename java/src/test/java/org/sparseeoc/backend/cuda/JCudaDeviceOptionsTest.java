package org.sparseeoc.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sparseeoc.bench.GpuBenchmark;
import org.sparseeoc.nn.MlpShape;

/**
 * On a real GPU (tag {@code gpu}; skipped with the reason elsewhere): the GEMM choice, the memory
 * attributes behind the benchmark's peak bandwidth, the out-of-memory message, and the GPU
 * benchmark at small sizes (its validations against the CPU are the check; speed is not asserted).
 */
@Tag("gpu")
class JCudaDeviceOptionsTest {
    static JCudaDevice open(GemmLibrary library) {
        try {
            return JCudaDevice.open(library, false);
        } catch (CudaDeviceException e) {
            return Assumptions.abort("no usable GPU: " + e.getMessage());
        }
    }

    @Test
    void builtinNeverLoadsCublas() {
        try (JCudaDevice device = open(GemmLibrary.BUILTIN)) {
            assertTrue(device.blas().isEmpty());
            assertEquals("not loaded (gemm: builtin)", device.details().get("cublas"));
        }
    }

    @Test
    void theDeviceReportsItsMemoryClockAndBusWidth() {
        try (JCudaDevice device = open(GemmLibrary.AUTO)) {
            assertTrue(
                    Integer.parseInt(device.details().get("device.memory_clock_khz")) > 0, device.details()::toString);
            assertTrue(
                    Integer.parseInt(device.details().get("device.memory_bus_bits")) > 0, device.details()::toString);
        }
    }

    @Test
    void anAllocationLargerThanTheDeviceSaysHowMuchWasAskedAndIsFree() {
        try (JCudaDevice device = open(GemmLibrary.BUILTIN)) {
            long total = Long.parseLong(device.details().get("device.memory_bytes"));
            CudaDeviceException e = assertThrows(CudaDeviceException.class, () -> device.allocate(2 * total));
            assertTrue(
                    e.getMessage().startsWith("out of device memory: asked for " + 2 * total + " bytes"),
                    e.getMessage());
            assertTrue(e.getMessage().contains(" free of "), e.getMessage());
        }
    }

    @Test
    void theGpuBenchmarkValidatesEveryKernelAtSmallSizes() {
        open(GemmLibrary.AUTO).close(); // skips without a GPU
        GpuBenchmark.Report report = GpuBenchmark.run(
                library -> JCudaDevice.open(library, false),
                new GpuBenchmark.Config(1 << 20, List.of(100, 256), new MlpShape(784, 256, 3, 10), 64, 0, 2));
        assertTrue(report.peakBytesPerSecond().isPresent());
        assertEquals(4, report.activations().size());
        assertEquals(2, report.gemm().size());
    }
}
