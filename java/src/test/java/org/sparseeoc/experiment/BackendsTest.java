package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.testing.NvidiaDriver;

/** Which backend each spec value opens on a machine without an NVIDIA driver (CI). */
class BackendsTest {
    @Test
    void cpuIsTheCpu() {
        try (Ops ops = Backends.open(Backend.CPU)) {
            assertEquals("cpu", ops.info().name());
        }
    }

    @Test
    void autoWithoutADriverIsTheCpu() {
        assumeTrue(NvidiaDriver.absent(), "this machine has an NVIDIA driver");
        try (Ops ops = Backends.open(Backend.AUTO)) {
            assertEquals("cpu", ops.info().name());
        }
    }

    @Test
    void cudaWithoutADriverIsASpecErrorInOneLine() {
        assumeTrue(NvidiaDriver.absent(), "this machine has an NVIDIA driver");
        SpecException e = assertThrows(SpecException.class, () -> Backends.open(Backend.CUDA));
        assertEquals("backend", e.path());
        assertEquals(
                "\"cuda\" is not usable here: no NVIDIA driver: libcuda.so.1 cannot be loaded (it is installed with"
                        + " the NVIDIA driver; without a GPU use \"backend\": \"cpu\")",
                e.reason());
    }
}
