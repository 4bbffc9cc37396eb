package org.sparseeoc.backend.cpu;

import static org.sparseeoc.backend.cpu.Tiles.load;
import static org.sparseeoc.backend.cpu.Tiles.store;

import java.lang.foreign.MemorySegment;

/**
 * Optimizer updates in float32, one pass over the parameters: each tile of param, grad and state
 * is loaded, updated and stored back. Plain multiplies and adds (no fused multiply-add), so the
 * result is the same on every x86 CPU and JIT tier.
 */
final class OptimizerKernels {
    private OptimizerKernels() {}

    /**
     * g = grad + wd·param; v = μ·v + g; param −= lr·(nesterov ? g + μ·v : v).
     *
     * <p>param, grad, velocity: [n] float32; param and velocity are updated in place.
     */
    static void sgdMomentum(
            Tiles t,
            MemorySegment param,
            MemorySegment grad,
            MemorySegment velocity,
            long n,
            float lr,
            float momentum,
            float weightDecay,
            boolean nesterov) {
        float[] p = t.a;
        float[] g = t.b;
        float[] v = t.c;
        for (long off = 0; off < n; off += Tiles.TILE) {
            int len = Tiles.length(n, off);
            load(param, off, p, len);
            load(grad, off, g, len);
            load(velocity, off, v, len);
            if (nesterov) {
                for (int i = 0; i < len; i++) {
                    float gi = g[i] + weightDecay * p[i];
                    float vi = momentum * v[i] + gi;
                    v[i] = vi;
                    p[i] -= lr * (gi + momentum * vi);
                }
            } else {
                for (int i = 0; i < len; i++) {
                    float gi = g[i] + weightDecay * p[i];
                    float vi = momentum * v[i] + gi;
                    v[i] = vi;
                    p[i] -= lr * vi;
                }
            }
            store(p, param, off, len);
            store(v, velocity, off, len);
        }
    }

    /**
     * Adam at 1-based step: g = grad + wd·param; m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; param −=
     * lr·m̂/(√v̂ + eps), m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). The bias corrections are computed once in
     * double (StrictMath.pow: the same bits on every JVM) and rounded to float.
     *
     * <p>param, grad, m, v: [n] float32; param, m and v are updated in place.
     */
    static void adam(
            Tiles t,
            MemorySegment param,
            MemorySegment grad,
            MemorySegment m,
            MemorySegment v,
            long n,
            float lr,
            float beta1,
            float beta2,
            float eps,
            float weightDecay,
            long step) {
        float correction1 = (float) (1.0 - StrictMath.pow(beta1, step));
        float correction2 = (float) (1.0 - StrictMath.pow(beta2, step));
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        float[] p = t.a;
        float[] g = t.b;
        float[] mt = t.c;
        float[] vt = t.d;
        for (long off = 0; off < n; off += Tiles.TILE) {
            int len = Tiles.length(n, off);
            load(param, off, p, len);
            load(grad, off, g, len);
            load(m, off, mt, len);
            load(v, off, vt, len);
            for (int i = 0; i < len; i++) {
                float gi = g[i] + weightDecay * p[i];
                float mi = beta1 * mt[i] + oneMinusBeta1 * gi;
                float vi = beta2 * vt[i] + oneMinusBeta2 * (gi * gi);
                mt[i] = mi;
                vt[i] = vi;
                float mHat = mi / correction1;
                float vHat = vi / correction2;
                p[i] -= lr * mHat / ((float) Math.sqrt(vHat) + eps);
            }
            store(p, param, off, len);
            store(mt, m, off, len);
            store(vt, v, off, len);
        }
    }
}
