package org.sparseeoc.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.sparseeoc.backend.cuda.emu.EmulatedDevice;
import org.sparseeoc.backend.cuda.emu.Emulator;

/** The conformance suite on the host emulator: runs in CI, skipped only when g++ was missing. */
class EmulatedCudaOpsConformanceTest extends CudaOpsConformance {
    @Override
    Device openDevice() {
        assumeTrue(Emulator.isAvailable(), () -> "CUDA emulator not available: " + Emulator.unavailableReason());
        return new EmulatedDevice();
    }

    @Test
    void infoNamesTheBackendAndTheGemm() {
        assertEquals("cuda", gpu().info().name());
        assertEquals("built-in sgemm (emulated)", gpu().info().gemm());
        assertEquals("built-in sgemm (emulated)", gpu().info().details().get("gemm"));
    }
}
