package org.sparseeoc.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparseeoc.backend.cpu.HostArrays.get;
import static org.sparseeoc.backend.cpu.HostArrays.nans;
import static org.sparseeoc.backend.cpu.HostArrays.put;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.backend.ActivationStats;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.testing.Tolerance;

/**
 * The activation ops of all five kinds against {@link Activation#apply} and {@link
 * Activation#derivative} evaluated on the float inputs promoted to double: forward within one
 * float rounding of z − τ, zeros exactly where the double activation is exactly zero (as +0),
 * backward bit-exact (φ' is 0 or 1), with the inputs at and one float either side of every kink,
 * and over more than one tile (so the tile seams and the tail are covered).
 */
class ActivationOpsTest {
    /** The forward op rounds z − τ once to float: relative error at most 2⁻²⁴ ≈ 5.96e-8. */
    private static final Tolerance FORWARD = Tolerance.rel(6.0e-8);
    /** The backward op multiplies dh by exactly 0 or 1. */
    private static final Tolerance EXACT = Tolerance.abs(0);

    private static CpuOps ops;

    @BeforeAll
    static void open() {
        ops = new CpuOps();
    }

    @AfterAll
    static void close() {
        ops.close();
    }

    /**
     * Every kind, with τ and m whose exact sum is not a float (so the upper kink's rounding matters):
     * 0.3f + 1.0f rounds down to a float, 0.3f + 1.1f and 0.7f + 0.9f are ties; and τ = 0.
     */
    static List<Activation> activations() {
        double tau = 0.3f;
        double clip = 1.1f;
        double inf = Double.POSITIVE_INFINITY;
        return List.of(
                ActivationKind.RELU.create(0, inf),
                ActivationKind.RELU_TAU.create(tau, inf),
                ActivationKind.RELU_TAU.create(0, inf),
                ActivationKind.ST.create(tau, inf),
                ActivationKind.ST.create(0, inf),
                ActivationKind.CRELU.create(tau, clip),
                ActivationKind.CRELU.create(tau, 1.0f),
                ActivationKind.CRELU.create(0, 2),
                ActivationKind.CST.create(tau, clip),
                ActivationKind.CST.create(0.7f, 0.9f),
                ActivationKind.CST.create(0.5, 0.25));
    }

    /**
     * Gaussian inputs (5000: two full tiles and a tail) with every kink (τ and τ + m summed in
     * double, ±) rounded to float and that float's two neighbours, so both sides of each kink are
     * hit whichever way it rounds.
     */
    static float[] inputs(Activation act) {
        List<Float> special = new ArrayList<>();
        float tau = (float) act.threshold();
        float upper = (float) (act.threshold() + act.clip());
        for (float kink : new float[] {tau, upper, 0f}) {
            if (Float.isFinite(kink)) {
                for (float x : new float[] {Math.nextDown(kink), kink, Math.nextUp(kink)}) {
                    special.add(x);
                    special.add(-x);
                }
            }
        }
        for (float x : new float[] {-0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e30f, -1e30f, 1e-30f, -1e-30f}) {
            special.add(x);
        }
        Random rng = new Random(act.hashCode());
        float[] z = HostArrays.gaussian(rng, 5000, 1.5);
        for (int i = 0; i < special.size(); i++) {
            z[37 * i + 11] = special.get(i);
        }
        // Kinks at the seams of the 2048-float tiles and at the last element.
        z[2047] = tau;
        z[2048] = Float.isFinite(upper) ? upper : Float.MAX_VALUE; // inputs are finite (see ActivationKernels)
        z[4095] = -tau;
        z[4999] = Math.nextUp(tau);
        return z;
    }

    @ParameterizedTest
    @MethodSource("activations")
    void forwardMatchesActivationApply(Activation act) {
        float[] z = inputs(act);
        try (FloatBuffer bz = put(ops, z);
                FloatBuffer bh = nans(ops, z.length)) {
            ops.activationForward(act, bz, bh, z.length);
            float[] h = get(ops, bh);
            for (int i = 0; i < z.length; i++) {
                double ref = act.apply(z[i]);
                String what = act.describe() + " h[" + i + "] at z=" + z[i];
                FORWARD.check(what, ref, h[i]);
                // Zeros: exactly the double activation's zero set, and +0 like Activation.apply.
                assertEquals(act.isExactZero(z[i]), h[i] == 0f, what + ": zero set");
                if (h[i] == 0f) {
                    assertEquals(0, Float.floatToRawIntBits(h[i]), what + ": zero must be +0");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("activations")
    void backwardMatchesActivationDerivativeExactly(Activation act) {
        float[] z = inputs(act);
        float[] dh = HostArrays.uniform(new Random(5), z.length, 3);
        try (FloatBuffer bz = put(ops, z);
                FloatBuffer bdh = put(ops, dh);
                FloatBuffer bdz = nans(ops, z.length)) {
            ops.activationBackward(act, bz, bdh, bdz, z.length);
            float[] dz = get(ops, bdz);
            for (int i = 0; i < z.length; i++) {
                double ref = dh[i] * act.derivative(z[i]);
                EXACT.check(act.describe() + " dz[" + i + "] at z=" + z[i], ref, dz[i]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("activations")
    void statsCountTheForwardOpsZerosAndClips(Activation act) {
        float[] z = inputs(act);
        for (int i = 0; i < z.length; i++) {
            if (Math.abs(z[i]) > 1e3f) {
                z[i] = 0.5f; // no ±1e30: their cancellation would make the sum check meaningless
            }
        }
        try (FloatBuffer bz = put(ops, z);
                FloatBuffer bh = nans(ops, z.length)) {
            ops.activationForward(act, bz, bh, z.length);
            float[] h = get(ops, bh);
            long zeros = 0;
            long clipped = 0;
            double sum = 0;
            double sumAbs = 0;
            double sumSq = 0;
            for (int i = 0; i < z.length; i++) {
                sumAbs += Math.abs(z[i]);
                zeros += act.isExactZero(z[i]) ? 1 : 0;
                clipped += act.kind().clipped() && Math.abs(h[i]) == (float) act.clip() ? 1 : 0;
                sum += z[i];
                sumSq += (double) z[i] * z[i];
            }
            ActivationStats stats = ops.activationStats(act, bz, z.length);
            assertEquals(z.length, stats.count());
            assertEquals(zeros, stats.zeros(), act.describe() + ": zeros");
            assertEquals(clipped, stats.clipped(), act.describe() + ": clipped");
            assertTrue(!act.kind().clipped() || clipped > 10, "the inputs reach the clip");
            // Double sums of 5000 floats in another order: good to ~1e-13 of Σ|z|.
            Tolerance.abs(1e-12 * sumAbs).check(act.describe() + ": sum", sum, stats.sum());
            Tolerance.rel(1e-12).check(act.describe() + ": sum of squares", sumSq, stats.sumOfSquares());
        }
    }

    @Test
    void kindOpsAgreeWithDispatchAndRunInPlace() {
        float[] z = inputs(ActivationKind.CST.create(0.3f, 1.1f));
        int n = z.length;
        try (FloatBuffer bz = put(ops, z);
                FloatBuffer h1 = nans(ops, n);
                FloatBuffer h2 = put(ops, z)) {
            ops.cstForward(0.3f, 1.1f, bz, h1, n);
            ops.cstForward(0.3f, 1.1f, h2, h2, n); // in place: h = z
            assertTrue(HostArrays.sameBits(get(ops, h1), get(ops, h2)), "in-place forward differs");
            float[] dh = HostArrays.uniform(new Random(9), n, 1);
            try (FloatBuffer bdh = put(ops, dh);
                    FloatBuffer dz1 = nans(ops, n)) {
                ops.cstBackward(0.3f, 1.1f, bz, bdh, dz1, n);
                ops.cstBackward(0.3f, 1.1f, bz, bdh, bdh, n); // in place: dz = dh
                assertTrue(HostArrays.sameBits(get(ops, dz1), get(ops, bdh)), "in-place backward differs");
            }
        }
    }

    @Test
    void prefixOnlyIsWritten() {
        try (FloatBuffer bz = put(ops, new float[] {1, 2, 3, 4});
                FloatBuffer bh = nans(ops, 4)) {
            ops.reluForward(bz, bh, 2);
            float[] h = get(ops, bh);
            assertEquals(1f, h[0]);
            assertEquals(2f, h[1]);
            assertTrue(Float.isNaN(h[2]) && Float.isNaN(h[3]), "wrote past n");
        }
    }

    @Test
    void rejectsBadParametersAndLengths() {
        try (FloatBuffer b = ops.allocate(4)) {
            assertThrows(IllegalArgumentException.class, () -> ops.reluTauForward(-1f, b, b, 4));
            assertThrows(IllegalArgumentException.class, () -> ops.creluForward(0.5f, 0f, b, b, 4));
            assertThrows(IllegalArgumentException.class, () -> ops.cstBackward(0.5f, Float.NaN, b, b, b, 4));
            assertThrows(IndexOutOfBoundsException.class, () -> ops.reluForward(b, b, 5));
        }
    }
}
