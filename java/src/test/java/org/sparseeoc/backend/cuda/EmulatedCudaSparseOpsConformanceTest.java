package org.sparseeoc.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.sparseeoc.backend.cuda.emu.EmulatedDevice;
import org.sparseeoc.backend.cuda.emu.Emulator;

/** The sparse conformance suite on the host emulator: runs in CI, skipped only when g++ was missing. */
class EmulatedCudaSparseOpsConformanceTest extends CudaSparseOpsConformance {
    @Override
    Device openDevice() {
        assumeTrue(Emulator.isAvailable(), () -> "CUDA emulator not available: " + Emulator.unavailableReason());
        return new EmulatedDevice();
    }
}
