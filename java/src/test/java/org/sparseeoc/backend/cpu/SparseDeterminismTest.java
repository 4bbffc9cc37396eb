package org.sparseeoc.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparseeoc.backend.cpu.HostArrays.get;
import static org.sparseeoc.backend.cpu.HostArrays.put;
import static org.sparseeoc.backend.cpu.HostArrays.uniform;

import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.SparseRows;

/**
 * Each sparse product gives the same bits on every call, from the first ones (interpreted) to the
 * last (C2-compiled), and with the SIMD loops' rows split over threads or not: resumed training
 * relies on it, and the Vector API's own float reductions leave their order unspecified (they did
 * differ between tiers). 4000 calls on a small layer are enough for the hot loops to be compiled;
 * the width, 300, takes the SIMD loops' tail path; 40 batch rows make five parts of eight.
 */
class SparseDeterminismTest {
    private static final int B = 40;
    private static final int N_IN = 40;
    private static final int N_OUT = 300;
    private static final int CALLS = 4000;

    @ParameterizedTest(name = "simd={0}")
    @ValueSource(booleans = {true, false})
    void everyCallGivesTheSameBits(boolean simd) {
        float[][] oneThread = run(simd, 1);
        if (simd) {
            float[][] split = run(true, 5);
            for (int p = 0; p < oneThread.length; p++) {
                int at = firstDifference(oneThread[p], split[p]);
                int product = p;
                assertTrue(at < 0, () -> "product " + product + ": 5 threads differ from 1 at " + at);
            }
        }
    }

    /** Forward, dWᵀ and masked dH, each checked call after call; returns their first results. */
    private static float[][] run(boolean simd, int threads) {
        Random rng = new Random(7);
        float[] hHost = uniform(rng, B * N_IN, 1); // [B × N_IN]
        for (int i = 0; i < hHost.length; i++) {
            hHost[i] = hHost[i] > 0.6f ? hHost[i] : 0f; // ~80 % zeros
        }
        try (CpuOps ops = new CpuOps(new CpuConfig(1));
                FloatBuffer h = put(ops, hHost);
                FloatBuffer wT = put(ops, uniform(rng, N_IN * N_OUT, 1)); // [N_IN × N_OUT]
                FloatBuffer bias = put(ops, uniform(rng, N_OUT, 1)); // [N_OUT]
                FloatBuffer delta = put(ops, uniform(rng, B * N_OUT, 1)); // [B × N_OUT]
                FloatBuffer out = ops.allocate((long) N_IN * N_OUT); // the largest result, dWᵀ
                CpuSparseOps sparse = new CpuSparseOps(ops, simd, threads);
                SparseRows hs = sparse.allocateRows(B, N_IN)) {
            sparse.compressRows(h, B, hs);
            return new float[][] {
                check("forward", ops, out, B * N_OUT, o -> sparse.sparseDenseForward(hs, wT, bias, o, N_OUT)),
                check("dWT", ops, out, N_IN * N_OUT, o -> sparse.sparseWeightGradientTransposed(delta, hs, o, N_OUT)),
                check("masked dH", ops, out, B * N_IN, o -> sparse.maskedInputGradient(delta, wT, hs, o, N_OUT))
            };
        }
    }

    private static float[] check(String what, CpuOps ops, FloatBuffer out, int n, Consumer<FloatBuffer> product) {
        product.accept(out);
        float[] first = get(ops, out, n);
        for (int call = 1; call < CALLS; call++) {
            ops.fill(out, n, Float.NaN);
            product.accept(out);
            if (call % 100 == 99) {
                float[] now = get(ops, out, n);
                int at = firstDifference(first, now);
                int c = call;
                assertTrue(
                        at < 0, () -> what + ": call " + c + " differs at " + at + ": " + now[at] + " vs " + first[at]);
            }
        }
        return first;
    }

    private static int firstDifference(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return i;
            }
        }
        return -1;
    }
}
