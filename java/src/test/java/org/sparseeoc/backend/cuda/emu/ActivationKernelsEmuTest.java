package org.sparseeoc.backend.cuda.emu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sparseeoc.backend.cuda.emu.Emu.assertClose;
import static org.sparseeoc.backend.cuda.emu.Emu.floats;
import static org.sparseeoc.backend.cuda.emu.Emu.nanDoubles;
import static org.sparseeoc.backend.cuda.emu.Emu.nans;
import static org.sparseeoc.backend.cuda.emu.Emu.read;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.activation.ClippedRelu;
import org.sparseeoc.activation.ClippedSoftThreshold;
import org.sparseeoc.activation.Relu;
import org.sparseeoc.activation.ShiftedRelu;
import org.sparseeoc.activation.SoftThreshold;
import org.sparseeoc.backend.ActivationStats;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cuda.KernelArgs;
import org.sparseeoc.backend.cuda.LaunchConfig;
import org.sparseeoc.backend.cuda.LaunchShapes;
import org.sparseeoc.testing.Tolerance;

/**
 * activations.cu on the emulator against CpuOps: the ten forward/backward kernels bit for bit
 * (zeros and kinks are exact in both), and activation_stats + reduce_partials with exactly the
 * CPU's zero and clipped counts. Inputs include the kinks ±τ, ±(τ + m) and their float neighbours.
 */
class ActivationKernelsEmuTest {
    private static final Tolerance EXACT = Tolerance.abs(0);
    private static final Tolerance SUMS = Tolerance.rel(1e-12);
    private static CpuOps cpu;

    @BeforeAll
    static void open() {
        cpu = new CpuOps();
    }

    @AfterAll
    static void close() {
        cpu.close();
    }

    static Stream<Arguments> cases() {
        Activation[] kinds = {
            new Relu(),
            new ShiftedRelu(0.3),
            new SoftThreshold(0.3),
            new ClippedRelu(0.2, 1.1),
            new ClippedSoftThreshold(0.25, 0.9)
        };
        return Arrays.stream(kinds).flatMap(a -> Arrays.stream(Emu.SIZES).mapToObj(n -> Arguments.of(a, n)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void forwardMatchesCpu(Activation activation, int n) {
        Emulator emu = Emu.emulator();
        float[] z = inputs(activation, n, 1);
        float[] ref = cpuForward(activation, z);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment h = nans(arena, n);
            KernelArgs args = parameters(activation)
                    .pointer(floats(arena, z).address())
                    .pointer(h.address())
                    .i64(n)
                    .build();
            emu.launch(prefix(activation) + "_forward", LaunchShapes.elementwise(n), args);
            assertClose(prefix(activation) + "_forward h", ref, read(h, n), EXACT);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void backwardMatchesCpu(Activation activation, int n) {
        Emulator emu = Emu.emulator();
        float[] z = inputs(activation, n, 2);
        float[] dh = Emu.uniform(new Random(3), n, 1.5);
        FloatBuffer zb = Emu.put(cpu, z);
        FloatBuffer dhb = Emu.put(cpu, dh);
        FloatBuffer dzb = cpu.allocate(n);
        cpu.activationBackward(activation, zb, dhb, dzb, n);
        float[] ref = Emu.get(cpu, dzb, n);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dz = nans(arena, n);
            KernelArgs args = parameters(activation)
                    .pointer(floats(arena, z).address())
                    .pointer(floats(arena, dh).address())
                    .pointer(dz.address())
                    .i64(n)
                    .build();
            emu.launch(prefix(activation) + "_backward", LaunchShapes.elementwise(n), args);
            assertClose(prefix(activation) + "_backward dz", ref, read(dz, n), EXACT);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void statsMatchCpu(Activation activation, int n) {
        Emulator emu = Emu.emulator();
        float[] z = inputs(activation, n, 4);
        ActivationStats ref = cpu.activationStats(activation, Emu.put(cpu, z), n);
        LaunchConfig config = LaunchShapes.activationStats(n);
        assertStats(ref, stats(emu, activation, z, config), activation + " n=" + n);
    }

    /** Any grid is correct: a grid far smaller than the data makes every thread loop. */
    @Test
    void gridStrideLoopsCoverEveryElement() {
        Emulator emu = Emu.emulator();
        Activation activation = new ClippedSoftThreshold(0.1, 0.7);
        int n = 1000;
        float[] z = inputs(activation, n, 5);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment h = nans(arena, n);
            KernelArgs args = parameters(activation)
                    .pointer(floats(arena, z).address())
                    .pointer(h.address())
                    .i64(n)
                    .build();
            emu.launch("cst_forward", LaunchConfig.linear(3, 64, 0), args);
            assertClose("cst_forward h on 3×64 threads", cpuForward(activation, z), read(h, n), EXACT);
        }
        ActivationStats ref = cpu.activationStats(activation, Emu.put(cpu, z), n);
        assertStats(ref, stats(emu, activation, z, LaunchConfig.linear(3, 64, 4 * 64 * 8)), "3×64 threads");
    }

    /** activation_stats then reduce_partials over its four rows, as the device backend does. */
    private static ActivationStats stats(Emulator emu, Activation activation, float[] z, LaunchConfig config) {
        int blocks = config.gridX();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment partials = nanDoubles(arena, 4L * blocks);
            emu.launch(
                    "activation_stats",
                    config,
                    KernelArgs.builder()
                            .i32(activation.kind().odd() ? 1 : 0)
                            .f32((float) activation.threshold())
                            .f32((float) activation.clip())
                            .pointer(floats(arena, z).address())
                            .i64(z.length)
                            .pointer(partials.address())
                            .build());
            double[] sums = Emu.reducePartials(emu, arena, partials, 4, blocks);
            return new ActivationStats(z.length, (long) sums[0], (long) sums[1], sums[2], sums[3]);
        }
    }

    private static void assertStats(ActivationStats ref, ActivationStats out, String what) {
        assertEquals(ref.zeros(), out.zeros(), "zeros, " + what);
        assertEquals(ref.clipped(), out.clipped(), "clipped, " + what);
        SUMS.check("Σz, " + what, ref.sum(), out.sum());
        SUMS.check("Σz², " + what, ref.sumOfSquares(), out.sumOfSquares());
    }

    private float[] cpuForward(Activation activation, float[] z) {
        int n = z.length;
        FloatBuffer h = cpu.allocate(n);
        cpu.activationForward(activation, Emu.put(cpu, z), h, n);
        return Emu.get(cpu, h, n);
    }

    /** The kernel name's prefix: the Ops method's name in snake_case. */
    private static String prefix(Activation activation) {
        return switch (activation) {
            case Relu r -> "relu";
            case ShiftedRelu r -> "relu_tau";
            case SoftThreshold s -> "st";
            case ClippedRelu c -> "crelu";
            case ClippedSoftThreshold c -> "cst";
        };
    }

    /** The leading float parameters of the kind's kernels: (), (τ) or (τ, m), as Ops passes them. */
    private static KernelArgs.Builder parameters(Activation activation) {
        KernelArgs.Builder b = KernelArgs.builder();
        if (!(activation instanceof Relu)) {
            b.f32((float) activation.threshold());
        }
        if (activation instanceof ClippedRelu || activation instanceof ClippedSoftThreshold) {
            b.f32((float) activation.clip());
        }
        return b;
    }

    /**
     * Uniform in [−2, 2), led by the kinks ±τ and ±(τ + m) (τ + 1 when unclipped) and their float
     * neighbours, as many as fit in n.
     */
    private static float[] inputs(Activation activation, int n, long seed) {
        float[] z = Emu.uniform(new Random(seed), n, 2);
        float tau = (float) activation.threshold();
        float upper = (float) (activation.threshold() + Math.min(activation.clip(), 1));
        float[] kinks = {
            0f,
            -0f,
            tau,
            -tau,
            Math.nextUp(tau),
            Math.nextDown(-tau),
            upper,
            -upper,
            Math.nextUp(upper),
            Math.nextDown(upper),
            Math.nextDown(-upper),
            3f,
            -3f
        };
        System.arraycopy(kinks, 0, z, 0, Math.min(n, kinks.length));
        return z;
    }
}
