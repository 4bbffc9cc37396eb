package org.sparseeoc.backend.cuda.emu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.sparseeoc.backend.cuda.KernelArgs;
import org.sparseeoc.backend.cuda.LaunchConfig;
import org.sparseeoc.backend.cuda.LaunchShapes;

/** The emulator binding itself: its kernel table, and clear failures for bad launches. */
class EmulatorTest {
    /** The emulator has exactly the kernels the build's manifest lists (the PTX entries, with nvcc). */
    @Test
    void kernelTableMatchesTheManifest() throws IOException {
        Emulator emu = Emu.emulator();
        Properties manifest = new Properties();
        try (InputStream in = Emulator.class.getResourceAsStream("/org/sparseeoc/cuda/kernels.properties")) {
            assertNotNull(in, "kernels.properties is on the classpath");
            manifest.load(in);
        }
        assertEquals(
                new TreeSet<>(manifest.stringPropertyNames()), emu.kernels().keySet());
        assertEquals("ppl", emu.kernels().get("relu_forward"));
        assertEquals("iiiiifpipifpi", emu.kernels().get("sgemm"));
    }

    @Test
    void unknownKernelFailsNamingIt() {
        Emulator emu = Emu.emulator();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> emu.launch(
                        "relu_fwd",
                        LaunchShapes.elementwise(1),
                        KernelArgs.builder().build()));
        assertTrue(e.getMessage().contains("unknown kernel 'relu_fwd'"), e.getMessage());
        assertTrue(e.getMessage().contains("relu_forward"), "lists the kernels it has: " + e.getMessage());
    }

    @Test
    void mistypedArgumentsFailBeforeLaunching() {
        Emulator emu = Emu.emulator();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocate(16);
            KernelArgs intCount = KernelArgs.builder()
                    .pointer(x.address())
                    .i32(4) // the kernel takes long long n
                    .f32(1f)
                    .build();
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> emu.launch("fill", LaunchShapes.elementwise(4), intCount));
            assertTrue(e.getMessage().contains("takes arguments (plf) but was given (pif)"), e.getMessage());
        }
    }

    @Test
    void launchConfigRejectsImpossibleShapes() {
        assertThrows(IllegalArgumentException.class, () -> new LaunchConfig(1, 1, 1, 32, 33, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> LaunchConfig.linear(0, 256, 0));
        assertThrows(IllegalArgumentException.class, () -> new LaunchConfig(1, 65536, 1, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> LaunchConfig.linear(1, 256, 48 * 1024 + 1));
        assertThrows(IllegalArgumentException.class, () -> LaunchShapes.gemm(0, 5));
        assertEquals(1024, new LaunchConfig(1, 1, 1, 32, 32, 1, 0).threadsPerBlock());
    }
}
