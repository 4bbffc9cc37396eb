package org.sparseeoc.backend.cuda.emu;

import static org.sparseeoc.backend.cuda.emu.Emu.assertClose;
import static org.sparseeoc.backend.cuda.emu.Emu.floats;
import static org.sparseeoc.backend.cuda.emu.Emu.read;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cuda.KernelArgs;
import org.sparseeoc.backend.cuda.LaunchShapes;
import org.sparseeoc.testing.Tolerance;

/**
 * optimizers.cu on the emulator against CpuOps over three consecutive steps: the kernels round
 * every operation once in the twin's order, so parameters and state agree bit for bit.
 */
class OptimizerKernelsEmuTest {
    private static final Tolerance EXACT = Tolerance.abs(0);
    private static final int STEPS = 3;
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
    void sgdMomentumMatchesCpu(int n) {
        Emulator emu = Emu.emulator();
        for (boolean nesterov : new boolean[] {false, true}) {
            Random rng = new Random(n);
            float[] param = Emu.uniform(rng, n, 1);
            float[] velocity = Emu.uniform(rng, n, 0.1);
            float lr = 0.05f;
            float momentum = 0.9f;
            float wd = 5e-4f;
            FloatBuffer p = Emu.put(cpu, param);
            FloatBuffer v = Emu.put(cpu, velocity);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment pd = floats(arena, param);
                MemorySegment vd = floats(arena, velocity);
                for (int step = 0; step < STEPS; step++) {
                    float[] grad = Emu.uniform(rng, n, 1);
                    MemorySegment gd = floats(arena, grad);
                    cpu.sgdMomentumStep(p, Emu.put(cpu, grad), v, n, lr, momentum, wd, nesterov);
                    KernelArgs args = KernelArgs.builder()
                            .pointer(pd.address())
                            .pointer(gd.address())
                            .pointer(vd.address())
                            .i64(n)
                            .f32(lr)
                            .f32(momentum)
                            .f32(wd)
                            .i32(nesterov ? 1 : 0)
                            .build();
                    emu.launch("sgd_momentum_step", LaunchShapes.elementwise(n), args);
                }
                String what = "sgd_momentum_step nesterov=" + nesterov;
                assertClose(what + " param", Emu.get(cpu, p, n), read(pd, n), EXACT);
                assertClose(what + " velocity", Emu.get(cpu, v, n), read(vd, n), EXACT);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void adamMatchesCpu(int n) {
        Emulator emu = Emu.emulator();
        Random rng = new Random(n + 17);
        float[] param = Emu.uniform(rng, n, 1);
        float lr = 1e-3f;
        float beta1 = 0.9f;
        float beta2 = 0.999f;
        float eps = 1e-8f;
        float wd = 1e-2f;
        FloatBuffer p = Emu.put(cpu, param);
        FloatBuffer m = cpu.allocate(n);
        FloatBuffer v = cpu.allocate(n);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pd = floats(arena, param);
            MemorySegment md = floats(arena, new float[n]);
            MemorySegment vd = floats(arena, new float[n]);
            for (int t = 1; t <= STEPS; t++) {
                float[] grad = Emu.uniform(rng, n, 1);
                cpu.adamStep(p, Emu.put(cpu, grad), m, v, n, lr, beta1, beta2, eps, wd, t);
                // The bias corrections as the host computes them once per step.
                float c1 = (float) (1.0 - StrictMath.pow(beta1, t));
                float c2 = (float) (1.0 - StrictMath.pow(beta2, t));
                KernelArgs args = KernelArgs.builder()
                        .pointer(pd.address())
                        .pointer(floats(arena, grad).address())
                        .pointer(md.address())
                        .pointer(vd.address())
                        .i64(n)
                        .f32(lr)
                        .f32(beta1)
                        .f32(beta2)
                        .f32(eps)
                        .f32(wd)
                        .f32(c1)
                        .f32(c2)
                        .build();
                emu.launch("adam_step", LaunchShapes.elementwise(n), args);
            }
            assertClose("adam_step param", Emu.get(cpu, p, n), read(pd, n), EXACT);
            assertClose("adam_step m", Emu.get(cpu, m, n), read(md, n), EXACT);
            assertClose("adam_step v", Emu.get(cpu, v, n), read(vd, n), EXACT);
        }
    }
}
