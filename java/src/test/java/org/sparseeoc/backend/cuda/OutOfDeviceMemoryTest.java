package org.sparseeoc.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sparseeoc.activation.Relu;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.cuda.emu.EmulatedDevice;
import org.sparseeoc.backend.cuda.emu.Emulator;
import org.sparseeoc.nn.MlpShape;
import org.sparseeoc.nn.Network;

/**
 * The out-of-memory path on an emulated device with a memory cap: the same one-line {@link
 * CudaDeviceException} a full GPU gives, with the bytes asked and free, and a backend that stays
 * usable and closable afterwards.
 */
class OutOfDeviceMemoryTest {
    static final long MIB = 1 << 20;

    @BeforeEach
    void emulator() {
        assumeTrue(Emulator.isAvailable(), () -> "CUDA emulator not available: " + Emulator.unavailableReason());
    }

    @Test
    void anAllocationBeyondTheCapSaysHowMuchWasAskedAndIsFree() {
        try (EmulatedDevice device = new EmulatedDevice(4 * MIB)) {
            long first = device.allocate(3 * MIB);
            CudaDeviceException e = assertThrows(CudaDeviceException.class, () -> device.allocate(2 * MIB));
            assertEquals(
                    "out of device memory: asked for 2097152 bytes (2.0 MiB), 1048576 bytes (1.0 MiB) free of 4.0 MiB"
                            + " on " + device.description()
                            + "; use a smaller batchSize or model, or a GPU with more memory",
                    e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            device.free(first); // freed memory can be allocated again
            device.free(device.allocate(4 * MIB));
        }
    }

    /** A network too large for the device fails at creation; the backend is still usable. */
    @Test
    void aNetworkTooLargeForTheDeviceFailsWithOneLine() {
        try (CudaOps ops = new CudaOps(new EmulatedDevice(2 * MIB))) {
            MlpShape shape = new MlpShape(784, 1024, 3, 10); // ~5 MiB of parameters alone
            CudaDeviceException e =
                    assertThrows(CudaDeviceException.class, () -> Network.create(ops, shape, new Relu(), 64));
            assertTrue(e.getMessage().startsWith("out of device memory: asked for "), e.getMessage());
            assertTrue(e.getMessage().contains(" free of 2.0 MiB on "), e.getMessage());
            // What the failed creation allocated was released: a small buffer still fits.
            try (FloatBuffer small = ops.allocate(1000)) {
                assertEquals(1000, small.length());
            }
        }
    }
}
