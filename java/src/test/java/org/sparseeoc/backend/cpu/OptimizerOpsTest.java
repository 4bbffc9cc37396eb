package org.sparseeoc.backend.cpu;

import static org.sparseeoc.backend.cpu.HostArrays.get;
import static org.sparseeoc.backend.cpu.HostArrays.put;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.testing.Tolerance;

/**
 * SGD with momentum (plain and Nesterov) and Adam: three steps over 5000 parameters (more than two
 * tiles) against a scalar double-precision reference of the formulas in the Ops javadoc.
 */
class OptimizerOpsTest {
    private static final int N = 5000;
    private static final int STEPS = 3;
    /** A few float roundings per step, relative to the magnitudes involved. */
    private static final Tolerance STATE = new Tolerance(1e-7, 2e-6);

    private static CpuOps ops;

    @BeforeAll
    static void open() {
        ops = new CpuOps();
    }

    @AfterAll
    static void close() {
        ops.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void sgdMomentumMatchesScalarReference(boolean nesterov) {
        Random rng = new Random(nesterov ? 1 : 2);
        float[] param = HostArrays.gaussian(rng, N, 1);
        float lr = 0.05f;
        float momentum = 0.9f;
        float wd = 1e-3f;
        double[] p = HostArrays.widen(param);
        double[] v = new double[N];
        try (FloatBuffer bp = put(ops, param);
                FloatBuffer bg = ops.allocate(N);
                FloatBuffer bv = ops.allocate(N)) {
            for (int step = 0; step < STEPS; step++) {
                float[] grad = HostArrays.gaussian(rng, N, 0.5);
                ops.upload(grad, 0, bg, 0, N);
                ops.sgdMomentumStep(bp, bg, bv, N, lr, momentum, wd, nesterov);
                for (int i = 0; i < N; i++) {
                    double g = grad[i] + (double) wd * p[i];
                    v[i] = momentum * v[i] + g;
                    p[i] -= lr * (nesterov ? g + momentum * v[i] : v[i]);
                }
            }
            STATE.checkAll("sgd param", p, HostArrays.widen(get(ops, bp)));
            STATE.checkAll("sgd velocity", v, HostArrays.widen(get(ops, bv)));
        }
    }

    @Test
    void adamMatchesScalarReference() {
        Random rng = new Random(4);
        float[] param = HostArrays.gaussian(rng, N, 1);
        float lr = 1e-2f;
        float beta1 = 0.9f;
        float beta2 = 0.999f;
        float eps = 1e-8f;
        float wd = 1e-2f;
        double[] p = HostArrays.widen(param);
        double[] m = new double[N];
        double[] v = new double[N];
        try (FloatBuffer bp = put(ops, param);
                FloatBuffer bg = ops.allocate(N);
                FloatBuffer bm = ops.allocate(N);
                FloatBuffer bv = ops.allocate(N)) {
            for (int t = 1; t <= STEPS; t++) {
                float[] grad = HostArrays.gaussian(rng, N, 0.5);
                ops.upload(grad, 0, bg, 0, N);
                ops.adamStep(bp, bg, bm, bv, N, lr, beta1, beta2, eps, wd, t);
                for (int i = 0; i < N; i++) {
                    double g = grad[i] + (double) wd * p[i];
                    m[i] = beta1 * m[i] + (1 - (double) beta1) * g;
                    v[i] = beta2 * v[i] + (1 - (double) beta2) * g * g;
                    double mHat = m[i] / (1 - Math.pow(beta1, t));
                    double vHat = v[i] / (1 - Math.pow(beta2, t));
                    p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                }
            }
            // Each Adam step moves a parameter by about lr; its float error is a few ulps of that.
            new Tolerance(1e-6, 2e-6).checkAll("adam param", p, HostArrays.widen(get(ops, bp)));
            STATE.checkAll("adam m", m, HostArrays.widen(get(ops, bm)));
            new Tolerance(1e-9, 2e-6).checkAll("adam v", v, HostArrays.widen(get(ops, bv)));
        }
    }
}
