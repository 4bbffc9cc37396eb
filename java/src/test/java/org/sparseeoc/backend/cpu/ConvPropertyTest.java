package org.sparseeoc.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparseeoc.backend.cpu.ConvOpsTest.col2imRef;
import static org.sparseeoc.backend.cpu.ConvOpsTest.im2colRef;
import static org.sparseeoc.backend.cpu.ConvOpsTest.out;
import static org.sparseeoc.backend.cpu.HostArrays.get;
import static org.sparseeoc.backend.cpu.HostArrays.nans;
import static org.sparseeoc.backend.cpu.HostArrays.put;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.testing.Tolerance;

/**
 * im2col and col2im over random geometries (kernel 1–5, stride 1–3, padding 0..k−1, mostly odd
 * and non-square images from 1 to 15 pixels a side, channels 1, 3 and 32, batch 1 and 3) against
 * the per-element reference loops of {@link ConvOpsTest}, into NaN-prefilled outputs (so an element
 * the kernel forgets to write fails), with the adjoint identity and run-to-run bit identity of
 * col2im. The interior/border split of the kernels depends on k, s, p and the image width
 * together, so these cover borders wider than the image, empty interiors and padding rows.
 */
class ConvPropertyTest {
    private static final int CASES = 60;
    private static final int[] CHANNELS = {1, 3, 32};
    private static CpuOps ops;

    @BeforeAll
    static void open() {
        ops = new CpuOps();
    }

    @AfterAll
    static void close() {
        ops.close();
    }

    /** One random geometry; the seed is the case number, so a failure names a reproducible case. */
    record Geometry(int batch, int channels, int height, int width, int kernel, int stride, int padding) {
        static Geometry draw(int seed) {
            Random rng = new Random(1000L + seed);
            int k = 1 + rng.nextInt(5);
            int s = 1 + rng.nextInt(3);
            int p = rng.nextInt(k);
            return new Geometry(
                    rng.nextBoolean() ? 1 : 3,
                    CHANNELS[rng.nextInt(CHANNELS.length)],
                    side(rng, k, p),
                    side(rng, k, p),
                    k,
                    s,
                    p);
        }

        /** An image side in [1, 15], odd three times in four, with side + 2p ≥ k (Ho, Wo ≥ 1). */
        private static int side(Random rng, int k, int p) {
            int side;
            do {
                side = 1 + rng.nextInt(15);
                if (rng.nextInt(4) > 0) {
                    side |= 1;
                }
            } while (side + 2 * p < k);
            return side;
        }

        int rows() {
            return batch * out(height, kernel, stride, padding) * out(width, kernel, stride, padding);
        }

        int rowLen() {
            return channels * kernel * kernel;
        }

        int imageLen() {
            return batch * channels * height * width;
        }
    }

    static IntStream cases() {
        return IntStream.range(0, CASES);
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void im2colMatchesTheReference(int seed) {
        Geometry g = Geometry.draw(seed);
        float[] x = HostArrays.uniform(new Random(seed), g.imageLen(), 1);
        double[] ref = im2colRef(x, g.batch, g.channels, g.height, g.width, g.kernel, g.stride, g.padding);
        try (FloatBuffer bx = put(ops, x);
                FloatBuffer bcols = nans(ops, ref.length)) {
            ops.im2col(bx, bcols, g.batch, g.channels, g.height, g.width, g.kernel, g.stride, g.padding);
            float[] got = get(ops, bcols);
            int rowLen = g.rowLen();
            for (int i = 0; i < ref.length; i++) {
                // A copy or a zero: exact.
                Tolerance.abs(0).check(g + " cols[" + i / rowLen + "," + i % rowLen + "]", ref[i], got[i]);
            }
        }
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void col2imMatchesTheReferenceAndIsBitIdentical(int seed) {
        Geometry g = Geometry.draw(seed);
        float[] cols = HostArrays.uniform(new Random(seed), g.rows() * g.rowLen(), 1);
        double[] ref = col2imRef(cols, g.batch, g.channels, g.height, g.width, g.kernel, g.stride, g.padding);
        try (FloatBuffer bcols = put(ops, cols);
                FloatBuffer bdx = nans(ops, ref.length)) {
            ops.col2im(bcols, bdx, g.batch, g.channels, g.height, g.width, g.kernel, g.stride, g.padding);
            float[] first = get(ops, bdx);
            for (int i = 0; i < ref.length; i++) {
                // At most k² terms in [−1, 1] summed in double and rounded to float once: half an ulp
                // (2⁻²⁴ relative) plus the double rounding of the sum (≪ 1e-12).
                new Tolerance(1e-12, 6.0e-8).check(g + " dx[" + i + "]", ref[i], first[i]);
            }
            ops.fill(bdx, ref.length, Float.NaN);
            ops.col2im(bcols, bdx, g.batch, g.channels, g.height, g.width, g.kernel, g.stride, g.padding);
            assertTrue(HostArrays.sameBits(first, get(ops, bdx)), g + ": col2im differs between calls");
        }
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void col2imIsTheAdjointOfIm2col(int seed) {
        Geometry g = Geometry.draw(seed);
        Random rng = new Random(seed);
        float[] x = HostArrays.gaussian(rng, g.imageLen(), 1);
        float[] y = HostArrays.gaussian(rng, g.rows() * g.rowLen(), 1);
        try (FloatBuffer bx = put(ops, x);
                FloatBuffer by = put(ops, y);
                FloatBuffer bcols = nans(ops, y.length);
                FloatBuffer bdx = nans(ops, x.length)) {
            ops.im2col(bx, bcols, g.batch, g.channels, g.height, g.width, g.kernel, g.stride, g.padding);
            ops.col2im(by, bdx, g.batch, g.channels, g.height, g.width, g.kernel, g.stride, g.padding);
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
            // Both sides are the same products summed in double; they differ by the float rounding
            // of each dx (2⁻²⁴ relative to its Σ|terms|), so at most 2⁻²⁴·Σ|x·y| ≈ 6e-8·scale, plus
            // double rounding. Checked at 1e-6·scale, relative to Σ|terms| so that a near-zero
            // inner product does not demand more.
            Tolerance.abs(1e-6 * scale).check(g + " <im2col(x), y> vs <x, col2im(y)>", left, right);
        }
    }
}
