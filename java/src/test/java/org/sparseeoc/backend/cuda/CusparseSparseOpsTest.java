package org.sparseeoc.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import org.junit.jupiter.api.Test;
import org.sparseeoc.backend.cuda.emu.EmulatedDevice;
import org.sparseeoc.backend.cuda.emu.Emulator;

/**
 * {@link CusparseSparseOps}' refusal where it cannot run, which machines without the CUDA 12
 * cuSPARSE library exercise: one line naming the missing library and the fix, as {@link
 * CudaDeviceException} (exit 2 in the CLI), the same on a second attempt. The products themselves
 * are tested on a GPU ({@link JCudaSparseOpsConformanceTest}).
 */
class CusparseSparseOpsTest {
    /** Whether the dynamic linker finds libcusparse.so.12, judged without JCusparse. */
    @SuppressWarnings("restricted") // SymbolLookup.libraryLookup; the tests run with native access
    private static boolean cusparseAbsent() {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup("libcusparse.so.12", arena);
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    @Test
    void withoutLibcusparseOpenFailsWithOneLineNamingTheFix() {
        assumeTrue(cusparseAbsent(), "this machine has libcusparse.so.12");
        CudaDeviceException first = assertThrows(CudaDeviceException.class, CusparseSparseOps::loadLibrary);
        String message = first.getMessage();
        assertEquals(CusparseSparseOps.NO_LIBCUSPARSE, message);
        // A second attempt (JCusparse's class is then unusable) says the same.
        assertEquals(
                message,
                assertThrows(CudaDeviceException.class, CusparseSparseOps::loadLibrary)
                        .getMessage());
        assumeTrue(Emulator.isAvailable(), Emulator::unavailableReason);
        try (CudaOps ops = new CudaOps(new EmulatedDevice())) {
            assertEquals(
                    message,
                    assertThrows(CudaDeviceException.class, () -> CusparseSparseOps.open(ops))
                            .getMessage());
        }
    }
}
