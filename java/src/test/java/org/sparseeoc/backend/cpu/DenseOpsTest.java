package org.sparseeoc.backend.cpu;

import static org.sparseeoc.backend.cpu.HostArrays.get;
import static org.sparseeoc.backend.cpu.HostArrays.nans;
import static org.sparseeoc.backend.cpu.HostArrays.put;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.testing.Tolerance;

/** biasAdd and biasGradient against double loops, for narrow and wider-than-a-tile rows. */
class DenseOpsTest {
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
    @CsvSource({"1, 1", "7, 31", "128, 300", "3, 2500", "0, 5"})
    void biasAddAddsTheRowVector(int rows, int cols) {
        Random rng = new Random(rows * 1000L + cols);
        float[] z = HostArrays.uniform(rng, rows * cols, 2);
        float[] bias = HostArrays.uniform(rng, cols, 1);
        try (FloatBuffer bz = put(ops, z);
                FloatBuffer bb = put(ops, bias)) {
            ops.biasAdd(bz, bb, rows, cols);
            float[] out = get(ops, bz);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double ref = (double) z[r * cols + c] + bias[c];
                    // One float addition: half an ulp of the result.
                    Tolerance.rel(6.0e-8).check("z[" + r + "," + c + "]", ref, out[r * cols + c]);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "7, 31", "128, 300", "3, 2500", "0, 5"})
    void biasGradientSumsTheColumns(int rows, int cols) {
        Random rng = new Random(rows * 7L + cols);
        float[] dz = HostArrays.uniform(rng, rows * cols, 1);
        try (FloatBuffer bdz = put(ops, dz);
                FloatBuffer db = nans(ops, cols)) {
            ops.biasGradient(bdz, db, rows, cols);
            float[] out = get(ops, db);
            for (int c = 0; c < cols; c++) {
                double ref = 0;
                for (int r = 0; r < rows; r++) {
                    ref += dz[r * cols + c];
                }
                // Summed in double, rounded to float once.
                Tolerance.abs(6.0e-8 * Math.abs(ref) + 1e-12).check("dbias[" + c + "]", ref, out[c]);
            }
        }
    }
}
