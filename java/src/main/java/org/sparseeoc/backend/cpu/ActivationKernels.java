package org.sparseeoc.backend.cpu;

import static org.sparseeoc.backend.cpu.Tiles.load;
import static org.sparseeoc.backend.cpu.Tiles.store;

import java.lang.foreign.MemorySegment;
import org.sparseeoc.backend.ActivationStats;

/**
 * The five activations in float32, forward and backward, and their statistics. Every kind is the
 * one-sided profile g(x) = min(max(x − τ, 0), m) (ReLU: τ = 0; unclipped: m = +∞), applied as g(z)
 * ("one-sided": ReLU, ReLU_τ, CReLU) or sign(z)·g(|z|) ("odd": ST, CST). See
 * org.sparseeoc.activation.Activation for the definitions these agree with.
 *
 * <p>Exactness (the tests check each): for floats z and τ, the rounded difference z − τ is &gt; 0
 * exactly when z &gt; τ (the exact difference is a multiple of 2⁻¹⁴⁹, so it never rounds to 0), so
 * the forward op's zeros are exactly the inputs with z ≤ τ (|z| ≤ τ), as in double. The derivative
 * is 1 exactly on the open interval τ &lt; z &lt; τ + m, with τ + m summed in double as
 * Activation.derivative does, and 0 elsewhere, including both kinks. Inputs are assumed finite.
 *
 * <p>Branch-free on purpose: C2 vectorises min/max/abs/multiply, but not a per-element conditional
 * select (vector CMove is off by default), which runs ~3× slower on random signs.
 */
final class ActivationKernels {
    /** 2¹²⁶·2²³ = 2¹⁴⁹ in two exact steps: scales the smallest positive float up to 1. */
    private static final float SCALE_HI = 0x1p126f;

    private static final float SCALE_LO = 0x1p23f;

    private ActivationKernels() {}

    /**
     * The upper kink τ + m as the smallest float u ≥ τ + m (computed in double, as in
     * Activation.derivative): for any float z, z &lt; u exactly when z &lt; τ + m. +∞ when unclipped.
     */
    static float upperKink(float tau, float clip) {
        if (clip == Float.POSITIVE_INFINITY) {
            return Float.POSITIVE_INFINITY;
        }
        double exact = (double) tau + (double) clip;
        float u = (float) exact;
        return u < exact ? Math.nextUp(u) : u;
    }

    /** h = φ(z); z, h: [n] float32; h may be z (in place). clip = +∞ when unclipped. */
    static void forward(Tiles t, boolean odd, float tau, float clip, MemorySegment z, MemorySegment h, long n) {
        for (long off = 0; off < n; off += Tiles.TILE) {
            int len = Tiles.length(n, off);
            load(z, off, t.a, len); // t.a: [len] z
            forwardTile(odd, tau, clip, t.a, t.b, len); // t.b: [len] h
            store(t.b, h, off, len);
        }
    }

    /** dz = dh·φ'(z); z, dh, dz: [n] float32; dz may be dh or z (in place). */
    static void backward(
            Tiles t, boolean odd, float tau, float clip, MemorySegment z, MemorySegment dh, MemorySegment dz, long n) {
        float upper = upperKink(tau, clip);
        for (long off = 0; off < n; off += Tiles.TILE) {
            int len = Tiles.length(n, off);
            load(z, off, t.a, len); // t.a: [len] z
            load(dh, off, t.b, len); // t.b: [len] dh; t.c: [len] dz
            if (odd) {
                oddBackwardTile(tau, upper, t.a, t.b, t.c, len);
            } else {
                oneSidedBackwardTile(tau, upper, t.a, t.b, t.c, len);
            }
            store(t.c, dz, off, len);
        }
    }

    /**
     * Zeros, clipped, Σz, Σz² over z: [n] float32. Zeros and clipped are counted on the very values
     * the forward op writes (same tile function): h == 0 and |h| == m.
     */
    static ActivationStats stats(Tiles t, boolean odd, float tau, float clip, MemorySegment z, long n) {
        boolean clipped = clip != Float.POSITIVE_INFINITY;
        long zeros = 0;
        long atClip = 0;
        double sum = 0;
        double sumOfSquares = 0;
        for (long off = 0; off < n; off += Tiles.TILE) {
            int len = Tiles.length(n, off);
            load(z, off, t.a, len);
            forwardTile(odd, tau, clip, t.a, t.b, len);
            // Branch-free counts (a compare-and-add per element is not vectorised): step(|h|) is 1
            // unless h == 0, and step(m − |h|) is 1 unless |h| == m (|h| ≤ m always).
            float[] h = t.b;
            int nonzero = 0;
            int belowClip = 0;
            for (int i = 0; i < len; i++) {
                float a = Math.abs(h[i]);
                nonzero += (int) step(a);
                belowClip += (int) step(clip - a);
            }
            zeros += len - nonzero;
            atClip += clipped ? len - belowClip : 0;
            sum += Sums.sum(t.a, len, t.wide);
            sumOfSquares += Sums.sumOfSquares(t.a, len, t.wide);
        }
        return new ActivationStats(n, zeros, atClip, sum, sumOfSquares);
    }

    /** h[0..len) = φ(z[0..len)) on heap arrays (the tile function of {@link #forward}). */
    static void forwardTile(boolean odd, float tau, float clip, float[] z, float[] h, int len) {
        if (odd) {
            oddForwardTile(tau, clip, z, h, len);
        } else {
            oneSidedForwardTile(tau, clip, z, h, len);
        }
    }

    /** h = min(max(z − τ, 0), m). max(−0, 0) is +0, so zeros are +0. */
    private static void oneSidedForwardTile(float tau, float clip, float[] z, float[] h, int len) {
        for (int i = 0; i < len; i++) {
            h[i] = Math.min(Math.max(z[i] - tau, 0f), clip);
        }
    }

    /**
     * h = sign(z)·min(max(|z| − τ, 0), m), written as the sum of the positive half min(max(z − τ,
     * 0), m) and the negative half max(min(z + τ, 0), −m): at most one is nonzero, so the sum is
     * exact, and both are +0 for |z| ≤ τ (the zero is +0, as in Activation.apply).
     */
    private static void oddForwardTile(float tau, float clip, float[] z, float[] h, int len) {
        for (int i = 0; i < len; i++) {
            float x = z[i];
            h[i] = Math.min(Math.max(x - tau, 0f), clip) + Math.max(Math.min(x + tau, 0f), -clip);
        }
    }

    /** dz = dh·[τ &lt; z &lt; upper]. */
    private static void oneSidedBackwardTile(float tau, float upper, float[] z, float[] dh, float[] dz, int len) {
        for (int i = 0; i < len; i++) {
            float x = z[i];
            dz[i] = dh[i] * step(Math.min(x - tau, upper - x));
        }
    }

    /** dz = dh·[τ &lt; |z| &lt; upper]. */
    private static void oddBackwardTile(float tau, float upper, float[] z, float[] dh, float[] dz, int len) {
        for (int i = 0; i < len; i++) {
            float a = Math.abs(z[i]);
            dz[i] = dh[i] * step(Math.min(a - tau, upper - a));
        }
    }

    /**
     * 1 if d &gt; 0, else 0, without a branch: any positive float times 2¹⁴⁹ is ≥ 1, any other
     * (−0, 0, negative) clamps to +0. min(z − τ, u − z) &gt; 0 exactly when τ &lt; z &lt; u.
     */
    private static float step(float d) {
        return Math.min(Math.max(d * SCALE_HI * SCALE_LO, 0f), 1f);
    }
}
