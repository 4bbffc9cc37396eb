package org.sparseeoc.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.sparseeoc.backend.cuda.emu.EmulatedDevice;
import org.sparseeoc.backend.cuda.emu.Emulator;

/** {@link Kernel} against the build's manifest and the compiled kernels; the devices' launch checks. */
class KernelTest {
    /** Every kernel of kernels.properties (symbol = family) is a constant with that family, and no more. */
    @Test
    void enumMatchesTheManifest() throws IOException {
        Properties manifest = new Properties();
        try (InputStream in = Kernel.class.getResourceAsStream("/org/sparseeoc/cuda/kernels.properties")) {
            assertNotNull(in, "kernels.properties is on the classpath (cuda/build.sh writes it)");
            manifest.load(in);
        }
        Map<String, String> expected = new TreeMap<>();
        manifest.stringPropertyNames().forEach(name -> expected.put(name, manifest.getProperty(name)));
        Map<String, String> declared = new TreeMap<>();
        for (Kernel kernel : Kernel.values()) {
            declared.put(kernel.symbol(), kernel.family());
        }
        assertEquals(expected, declared);
    }

    /** The declared signatures are the compiled kernels' own (EmulatedDevice also checks at creation). */
    @Test
    void signaturesMatchTheCompiledKernels() {
        assumeTrue(Emulator.isAvailable(), Emulator::unavailableReason);
        for (Kernel kernel : Kernel.values()) {
            assertEquals(Emulator.get().kernels().get(kernel.symbol()), kernel.signature(), kernel.symbol());
        }
    }

    @Test
    void mistypedLaunchFailsBeforeReachingTheKernel() {
        assumeTrue(Emulator.isAvailable(), Emulator::unavailableReason);
        try (EmulatedDevice device = new EmulatedDevice()) {
            long x = device.allocate(16);
            KernelArgs intCount = KernelArgs.builder().pointer(x).i32(4).f32(1f).build();
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> device.launch(Kernel.FILL, LaunchShapes.elementwise(4), intCount));
            assertEquals(
                    "kernel fill takes arguments (plf) but was given (pif); codes: p pointer, i int, l long, f float",
                    e.getMessage());
        }
    }

    /** A pointer outside every live allocation fails the launch instead of crashing the JVM. */
    @Test
    void emulatedLaunchRejectsAFreedPointer() {
        assumeTrue(Emulator.isAvailable(), Emulator::unavailableReason);
        try (EmulatedDevice device = new EmulatedDevice()) {
            long x = device.allocate(16);
            device.free(x);
            KernelArgs args = KernelArgs.builder().pointer(x).i64(4).f32(1f).build();
            IndexOutOfBoundsException e = assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> device.launch(Kernel.FILL, LaunchShapes.elementwise(4), args));
            assertTrue(e.getMessage().contains("outside every live allocation"), e.getMessage());
        }
    }
}
