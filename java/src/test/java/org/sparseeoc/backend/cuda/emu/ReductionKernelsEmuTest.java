package org.sparseeoc.backend.cuda.emu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sparseeoc.backend.cuda.emu.Emu.assertClose;
import static org.sparseeoc.backend.cuda.emu.Emu.floats;
import static org.sparseeoc.backend.cuda.emu.Emu.nanDoubles;
import static org.sparseeoc.backend.cuda.emu.Emu.nans;
import static org.sparseeoc.backend.cuda.emu.Emu.read;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cuda.KernelArgs;
import org.sparseeoc.backend.cuda.LaunchConfig;
import org.sparseeoc.backend.cuda.LaunchShapes;
import org.sparseeoc.testing.Tolerance;

/**
 * reductions.cu on the emulator against CpuOps: fill and scale bit for bit; sum_of_squares +
 * reduce_partials to double rounding (the summation orders differ) and bit-identical run to run.
 */
class ReductionKernelsEmuTest {
    private static final Tolerance EXACT = Tolerance.abs(0);
    private static final Tolerance SUM = Tolerance.rel(1e-13);
    private static CpuOps cpu;

    @BeforeAll
    static void open() {
        cpu = new CpuOps();
    }

    @AfterAll
    static void close() {
        cpu.close();
    }

    static int[] sizes() {
        return Emu.SIZES;
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void fillMatchesCpu(int n) {
        Emulator emu = Emu.emulator();
        FloatBuffer ref = cpu.allocate(n);
        cpu.fill(ref, n, -2.5f);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = nans(arena, n);
            emu.launch(
                    "fill",
                    LaunchShapes.elementwise(n),
                    KernelArgs.builder().pointer(x.address()).i64(n).f32(-2.5f).build());
            assertClose("fill x", Emu.get(cpu, ref, n), read(x, n), EXACT);
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void scaleMatchesCpu(int n) {
        Emulator emu = Emu.emulator();
        float[] x = Emu.uniform(new Random(n), n, 3);
        FloatBuffer ref = Emu.put(cpu, x);
        cpu.scale(ref, n, 0.3f);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xd = floats(arena, x);
            emu.launch(
                    "scale",
                    LaunchShapes.elementwise(n),
                    KernelArgs.builder().pointer(xd.address()).i64(n).f32(0.3f).build());
            assertClose("scale x", Emu.get(cpu, ref, n), read(xd, n), EXACT);
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void sumOfSquaresMatchesCpu(int n) {
        Emulator emu = Emu.emulator();
        float[] x = Emu.uniform(new Random(n + 1), n, 4);
        double ref = cpu.sumOfSquares(Emu.put(cpu, x), n);
        SUM.check("sum_of_squares n=" + n, ref, sumOfSquares(emu, x, LaunchShapes.sumOfSquares(n)));
    }

    /**
     * More elements than the 1024 × 256 threads of the capped grid, so threads loop and
     * reduce_partials adds 1024 partials; two runs give the same bits.
     */
    @Test
    void sumOfSquaresIsReproducibleOnTheCappedGrid() {
        Emulator emu = Emu.emulator();
        int n = 300_000;
        float[] x = Emu.uniform(new Random(9), n, 1);
        LaunchConfig config = LaunchShapes.sumOfSquares(n);
        assertEquals(LaunchShapes.MAX_REDUCTION_BLOCKS, config.gridX());
        double first = sumOfSquares(emu, x, config);
        SUM.check("sum_of_squares n=" + n, cpu.sumOfSquares(Emu.put(cpu, x), n), first);
        assertEquals(Double.doubleToRawLongBits(first), Double.doubleToRawLongBits(sumOfSquares(emu, x, config)));
    }

    private static double sumOfSquares(Emulator emu, float[] x, LaunchConfig config) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment partials = nanDoubles(arena, config.gridX());
            emu.launch(
                    "sum_of_squares",
                    config,
                    KernelArgs.builder()
                            .pointer(floats(arena, x).address())
                            .i64(x.length)
                            .pointer(partials.address())
                            .build());
            return Emu.reducePartials(emu, arena, partials, 1, config.gridX())[0];
        }
    }
}
