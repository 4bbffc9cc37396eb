package org.sparseeoc.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sparseeoc.backend.cpu.HostArrays.get;
import static org.sparseeoc.backend.cpu.HostArrays.nans;
import static org.sparseeoc.backend.cpu.HostArrays.put;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseeoc.backend.FloatBuffer;

/**
 * batchedTranspose against a plain loop written from the formula in {@code Ops.batchedTranspose}:
 * odd sizes, sizes straddling the 32-element blocks, batch 1, a single row or column, and a
 * NaN-prefilled output (an element the op fails to write stays NaN). A transpose only moves values,
 * so the comparison is exact.
 */
class BatchedTransposeTest {
    private static CpuOps ops;

    @BeforeAll
    static void open() {
        ops = new CpuOps();
    }

    @AfterAll
    static void close() {
        ops.close();
    }

    @ParameterizedTest(name = "batch={0} {1}x{2}")
    @CsvSource({"1, 1, 1", "1, 5, 3", "3, 7, 1", "2, 1, 9", "4, 33, 5", "2, 65, 31", "1, 49, 64", "3, 16, 16"})
    void matchesPlainLoop(int batch, int rows, int cols) {
        int n = batch * rows * cols;
        float[] x = HostArrays.uniform(new Random(31L * rows + cols), n, 1.0);
        float[] expected = new float[n];
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    expected[(b * cols + c) * rows + r] = x[(b * rows + r) * cols + c];
                }
            }
        }
        try (FloatBuffer in = put(ops, x);
                FloatBuffer out = nans(ops, n)) {
            ops.batchedTranspose(in, out, batch, rows, cols);
            float[] actual = get(ops, out);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], actual[i], "out[" + i + "] of batch " + batch + ", " + rows + "x" + cols);
            }
        }
    }

    @Test
    void transposingTwiceRestoresTheInput() {
        float[] x = HostArrays.uniform(new Random(5), 2 * 9 * 40, 1.0);
        try (FloatBuffer in = put(ops, x);
                FloatBuffer mid = nans(ops, x.length);
                FloatBuffer back = nans(ops, x.length)) {
            ops.batchedTranspose(in, mid, 2, 9, 40);
            ops.batchedTranspose(mid, back, 2, 40, 9);
            float[] actual = get(ops, back);
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], actual[i], "element " + i);
            }
        }
    }

    @Test
    void emptyShapesWriteNothing() {
        try (FloatBuffer in = put(ops, new float[] {1f});
                FloatBuffer out = nans(ops, 1)) {
            ops.batchedTranspose(in, out, 0, 3, 3);
            ops.batchedTranspose(in, out, 2, 0, 3);
            ops.batchedTranspose(in, out, 2, 3, 0);
            assertEquals(Float.NaN, get(ops, out)[0]);
        }
    }

    @Test
    void rejectsInvalidShapes() {
        try (FloatBuffer in = ops.allocate(12);
                FloatBuffer out = ops.allocate(12);
                FloatBuffer small = ops.allocate(11)) {
            assertThrows(IllegalArgumentException.class, () -> ops.batchedTranspose(in, out, -1, 3, 4));
            assertThrows(IllegalArgumentException.class, () -> ops.batchedTranspose(in, out, 1, -3, 4));
            assertThrows(IllegalArgumentException.class, () -> ops.batchedTranspose(in, out, 1, 3, -4));
            assertThrows(IllegalArgumentException.class, () -> ops.batchedTranspose(in, out, 65536, 65536, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> ops.batchedTranspose(small, out, 1, 3, 4));
            assertThrows(IndexOutOfBoundsException.class, () -> ops.batchedTranspose(in, small, 1, 3, 4));
        }
    }
}
