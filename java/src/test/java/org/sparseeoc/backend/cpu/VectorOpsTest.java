package org.sparseeoc.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparseeoc.backend.cpu.HostArrays.get;
import static org.sparseeoc.backend.cpu.HostArrays.nans;
import static org.sparseeoc.backend.cpu.HostArrays.put;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.testing.Tolerance;

/** fill, scale and sumOfSquares for lengths around the tile size. */
class VectorOpsTest {
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
    @ValueSource(ints = {0, 1, 31, 2047, 2048, 2049, 5000})
    void fillScaleAndSumOfSquares(int n) {
        try (FloatBuffer x = nans(ops, n + 1)) {
            ops.fill(x, n, 1.5f);
            float[] filled = get(ops, x);
            for (int i = 0; i < n; i++) {
                assertEquals(1.5f, filled[i], "fill[" + i + "]");
            }
            assertTrue(Float.isNaN(filled[n]), "fill wrote past n");

            float[] data = HostArrays.gaussian(new Random(n), n, 3);
            ops.upload(data, 0, x, 0, n);
            ops.scale(x, n, -0.25f);
            float[] scaled = get(ops, x, n);
            for (int i = 0; i < n; i++) {
                // Scaling by a power of two is exact.
                assertEquals(-0.25f * data[i], scaled[i], "scale[" + i + "]");
            }

            double ref = 0;
            for (float v : scaled) {
                ref += (double) v * v;
            }
            Tolerance.rel(1e-13).check("sumOfSquares n=" + n, ref, ops.sumOfSquares(x, n));
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {0.1f, 3f})
    void scaleRoundsLikeFloatMultiplication(float factor) {
        float[] data = HostArrays.uniform(new Random(1), 3000, 10);
        try (FloatBuffer x = put(ops, data)) {
            ops.scale(x, data.length, factor);
            float[] out = get(ops, x);
            for (int i = 0; i < data.length; i++) {
                assertEquals(data[i] * factor, out[i], "scale[" + i + "]");
            }
        }
    }
}
