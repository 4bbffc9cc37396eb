package org.sparseeoc.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import org.sparseeoc.testing.Tolerance;

/**
 * im2col and col2im against double loops written from the layout in {@code Ops.im2col}, their
 * adjoint identity, determinism and argument checks. Shapes cover k ∈ {1, 3, 5}, stride 1 and 2
 * (exact and flooring divisions), padding 0–2, odd and non-square images, batch 1 and 3, channels
 * 1 and 4, and rows wider than a tile.
 */
class ConvOpsTest {
    private static CpuOps ops;

    @BeforeAll
    static void open() {
        ops = new CpuOps();
    }

    @AfterAll
    static void close() {
        ops.close();
    }

    /** The reference value of x at (n, ci, y, x), or 0 outside the image. */
    private static double pixel(float[] x, int channels, int h, int w, int n, int ci, int iy, int ix) {
        if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
            return 0;
        }
        return x[((n * channels + ci) * h + iy) * w + ix];
    }

    static int out(int size, int k, int s, int p) {
        return (size + 2 * p - k) / s + 1;
    }

    /** cols as a double matrix, straight from the documented formula. */
    static double[] im2colRef(float[] x, int b, int c, int h, int w, int k, int s, int p) {
        int ho = out(h, k, s, p);
        int wo = out(w, k, s, p);
        int rowLen = c * k * k;
        double[] cols = new double[b * ho * wo * rowLen];
        for (int n = 0; n < b; n++) {
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    int r = (n * ho + oy) * wo + ox;
                    for (int ci = 0; ci < c; ci++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int col = (ci * k + ky) * k + kx;
                                cols[r * rowLen + col] = pixel(x, c, h, w, n, ci, oy * s + ky - p, ox * s + kx - p);
                            }
                        }
                    }
                }
            }
        }
        return cols;
    }

    /** dx as a double gather: per pixel, every (oy, ox, ky, kx) that reads it. */
    static double[] col2imRef(float[] cols, int b, int c, int h, int w, int k, int s, int p) {
        int ho = out(h, k, s, p);
        int wo = out(w, k, s, p);
        int rowLen = c * k * k;
        double[] dx = new double[b * c * h * w];
        for (int n = 0; n < b; n++) {
            for (int ci = 0; ci < c; ci++) {
                for (int iy = 0; iy < h; iy++) {
                    for (int ix = 0; ix < w; ix++) {
                        double sum = 0;
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int ty = iy + p - ky;
                                int tx = ix + p - kx;
                                if (ty < 0 || tx < 0 || ty % s != 0 || tx % s != 0) {
                                    continue;
                                }
                                int oy = ty / s;
                                int ox = tx / s;
                                if (oy >= ho || ox >= wo) {
                                    continue;
                                }
                                int r = (n * ho + oy) * wo + ox;
                                sum += cols[r * rowLen + (ci * k + ky) * k + kx];
                            }
                        }
                        dx[((n * c + ci) * h + iy) * w + ix] = sum;
                    }
                }
            }
        }
        return dx;
    }

    @ParameterizedTest(name = "b={0} c={1} {2}x{3} k={4} s={5} p={6}")
    @CsvSource({
        "1, 1, 7, 5, 1, 1, 0",
        "3, 4, 7, 5, 1, 2, 0",
        "1, 4, 7, 5, 3, 1, 1",
        "3, 1, 7, 5, 3, 2, 1",
        "3, 4, 7, 5, 3, 2, 0",
        "1, 4, 7, 5, 5, 1, 2",
        "3, 4, 7, 5, 5, 2, 2",
        "1, 1, 7, 5, 5, 1, 0",
        "3, 4, 8, 6, 3, 2, 1", // flooring: (8 + 2 − 3)/2 = 3.5
        "1, 4, 6, 9, 5, 2, 1", // flooring on both axes
        "3, 1, 2, 3, 5, 1, 2", // image smaller than the kernel
        "1, 1, 3, 3, 1, 1, 2", // padding wider than the kernel: all-zero rows
        "1, 300, 5, 4, 3, 1, 1" // a row of 2700 > one tile
    })
    void im2colCopiesEachPatch(int b, int c, int h, int w, int k, int s, int p) {
        Random rng = new Random(31L * b + 7L * c + h + 13L * k + 17L * s + p);
        float[] x = HostArrays.uniform(rng, b * c * h * w, 1);
        double[] ref = im2colRef(x, b, c, h, w, k, s, p);
        try (FloatBuffer bx = put(ops, x);
                FloatBuffer bcols = nans(ops, ref.length)) {
            ops.im2col(bx, bcols, b, c, h, w, k, s, p);
            float[] got = get(ops, bcols);
            int rowLen = c * k * k;
            for (int i = 0; i < ref.length; i++) {
                // A copy or a zero: exact.
                Tolerance.abs(0).check("cols[" + i / rowLen + "," + i % rowLen + "]", ref[i], got[i]);
            }
        }
    }

    @ParameterizedTest(name = "b={0} c={1} {2}x{3} k={4} s={5} p={6}")
    @CsvSource({
        "1, 1, 7, 5, 1, 1, 0",
        "3, 4, 7, 5, 1, 2, 0",
        "1, 4, 7, 5, 3, 1, 1",
        "3, 1, 7, 5, 3, 2, 1",
        "3, 4, 7, 5, 3, 2, 0",
        "1, 4, 7, 5, 5, 1, 2",
        "3, 4, 7, 5, 5, 2, 2",
        "1, 1, 7, 5, 5, 1, 0",
        "3, 4, 8, 6, 3, 2, 1",
        "1, 4, 6, 9, 5, 2, 1",
        "3, 1, 2, 3, 5, 1, 2",
        "1, 1, 3, 3, 1, 1, 2",
        "1, 300, 5, 4, 3, 1, 1"
    })
    void col2imSumsBackToEachPixel(int b, int c, int h, int w, int k, int s, int p) {
        Random rng = new Random(41L * b + 3L * c + h + 11L * k + 19L * s + p);
        int rows = b * out(h, k, s, p) * out(w, k, s, p);
        float[] cols = HostArrays.uniform(rng, rows * c * k * k, 1);
        double[] ref = col2imRef(cols, b, c, h, w, k, s, p);
        try (FloatBuffer bcols = put(ops, cols);
                FloatBuffer bdx = nans(ops, ref.length)) {
            ops.col2im(bcols, bdx, b, c, h, w, k, s, p);
            float[] got = get(ops, bdx);
            for (int i = 0; i < ref.length; i++) {
                // At most k² terms summed in double and rounded once: half an ulp, plus the double
                // rounding of the sum (≪ 1e-12 for terms in [−1, 1]).
                new Tolerance(1e-12, 6.0e-8).check("dx[" + i + "]", ref[i], got[i]);
            }
        }
    }

    @ParameterizedTest(name = "b={0} c={1} {2}x{3} k={4} s={5} p={6}")
    @CsvSource({
        "1, 1, 7, 5, 1, 1, 0",
        "3, 4, 7, 5, 3, 1, 1",
        "3, 4, 7, 5, 3, 2, 1",
        "1, 4, 7, 5, 5, 2, 2",
        "3, 4, 8, 6, 3, 2, 1",
        "1, 4, 6, 9, 5, 2, 1"
    })
    void col2imIsTheAdjointOfIm2col(int b, int c, int h, int w, int k, int s, int p) {
        Random rng = new Random(5L * b + c + 23L * h + k + 29L * s + p);
        int rows = b * out(h, k, s, p) * out(w, k, s, p);
        float[] x = HostArrays.gaussian(rng, b * c * h * w, 1);
        float[] y = HostArrays.gaussian(rng, rows * c * k * k, 1);
        try (FloatBuffer bx = put(ops, x);
                FloatBuffer by = put(ops, y);
                FloatBuffer bcols = nans(ops, y.length);
                FloatBuffer bdx = nans(ops, x.length)) {
            ops.im2col(bx, bcols, b, c, h, w, k, s, p);
            ops.col2im(by, bdx, b, c, h, w, k, s, p);
            float[] cols = get(ops, bcols);
            float[] dx = get(ops, bdx);
            double left = 0;
            double scale = 0;
            for (int i = 0; i < y.length; i++) {
                left += (double) cols[i] * y[i];
                scale += Math.abs((double) cols[i] * y[i]);
            }
            double right = 0;
            for (int i = 0; i < x.length; i++) {
                right += (double) x[i] * dx[i];
            }
            // Relative to Σ|terms| so that a near-zero inner product does not demand more.
            Tolerance.abs(1e-5 * scale).check("<im2col(x), y> vs <x, col2im(y)>", left, right);
        }
    }

    @Test
    void repeatedCallsAreBitIdentical() {
        int b = 3;
        int c = 4;
        int h = 9;
        int w = 7;
        int k = 3;
        int s = 1;
        int p = 1;
        Random rng = new Random(99);
        float[] x = HostArrays.gaussian(rng, b * c * h * w, 1);
        float[] y = HostArrays.gaussian(rng, b * h * w * c * k * k, 1);
        float[][] cols = new float[2][];
        float[][] dx = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (CpuOps fresh = new CpuOps();
                    FloatBuffer bx = put(fresh, x);
                    FloatBuffer by = put(fresh, y);
                    FloatBuffer bcols = nans(fresh, y.length);
                    FloatBuffer bdx = nans(fresh, x.length)) {
                fresh.im2col(bx, bcols, b, c, h, w, k, s, p);
                fresh.col2im(by, bdx, b, c, h, w, k, s, p);
                cols[run] = get(fresh, bcols);
                dx[run] = get(fresh, bdx);
            }
        }
        assertTrue(HostArrays.sameBits(cols[0], cols[1]), "im2col differs between runs");
        assertTrue(HostArrays.sameBits(dx[0], dx[1]), "col2im differs between runs");
    }

    /**
     * A 1×1 image with k = 3, stride 1, padding 2 has no ox whose taps all lie inside it, and the
     * last pixel of the last channel ends the image exactly; with C·H·W = 2048 (the initial size of
     * a fresh CpuOps's image scratch) col2im must not touch the element after it.
     */
    @Test
    void col2imWithoutInteriorStaysInsideTheImage() {
        int c = Tiles.TILE;
        Random rng = new Random(7);
        float[] cols = HostArrays.uniform(rng, 9 * c * 9, 1);
        double[] ref = col2imRef(cols, 1, c, 1, 1, 3, 1, 2);
        try (CpuOps fresh = new CpuOps();
                FloatBuffer bcols = put(fresh, cols);
                FloatBuffer bdx = nans(fresh, c)) {
            fresh.col2im(bcols, bdx, 1, c, 1, 1, 3, 1, 2);
            float[] got = get(fresh, bdx);
            for (int i = 0; i < c; i++) {
                new Tolerance(1e-12, 6.0e-8).check("dx[" + i + "]", ref[i], got[i]);
            }
        }
    }

    @Test
    void batchZeroWritesNothing() {
        try (FloatBuffer x = ops.allocate(1);
                FloatBuffer cols = nans(ops, 1)) {
            ops.im2col(x, cols, 0, 2, 5, 5, 3, 1, 1);
            ops.col2im(cols, x, 0, 2, 5, 5, 3, 1, 1);
            assertTrue(Float.isNaN(get(ops, cols)[0]));
        }
    }

    @Test
    void rejectsInvalidShapes() {
        try (FloatBuffer x = ops.allocate(1000);
                FloatBuffer cols = ops.allocate(100_000)) {
            // Non-positive sizes and negative padding.
            assertThrows(IllegalArgumentException.class, () -> ops.im2col(x, cols, -1, 1, 5, 5, 3, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> ops.im2col(x, cols, 1, 0, 5, 5, 3, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> ops.im2col(x, cols, 1, 1, 0, 5, 3, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> ops.im2col(x, cols, 1, 1, 5, 0, 3, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> ops.im2col(x, cols, 1, 1, 5, 5, 0, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> ops.im2col(x, cols, 1, 1, 5, 5, 3, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> ops.col2im(cols, x, 1, 1, 5, 5, 3, 1, -1));
            // Empty output: the kernel is larger than the padded image (Ho or Wo < 1).
            assertThrows(IllegalArgumentException.class, () -> ops.im2col(x, cols, 1, 1, 3, 7, 5, 1, 0));
            assertThrows(IllegalArgumentException.class, () -> ops.col2im(cols, x, 1, 1, 7, 2, 5, 1, 1));
            // Sizes past int indexing.
            assertThrows(
                    IllegalArgumentException.class, () -> ops.im2col(x, cols, 1, 1 << 20, 1 << 10, 1 << 10, 1, 1, 0));
            // Buffers too small for the shape: x (1000) < 8·4·7·5 = 1120; cols needs 2·35·36 = 2520.
            assertThrows(IndexOutOfBoundsException.class, () -> ops.im2col(x, cols, 8, 4, 7, 5, 3, 1, 1));
            try (FloatBuffer small = ops.allocate(2519)) {
                assertThrows(IndexOutOfBoundsException.class, () -> ops.im2col(x, small, 2, 4, 7, 5, 3, 1, 1));
                assertThrows(IndexOutOfBoundsException.class, () -> ops.col2im(small, x, 2, 4, 7, 5, 3, 1, 1));
            }
        }
    }
}
