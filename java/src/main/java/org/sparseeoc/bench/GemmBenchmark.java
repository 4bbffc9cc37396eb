package org.sparseeoc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.Transpose;

/**
 * GEMM at the shapes of a 784-300-300 MLP's training step at batch 128, on any backend. Each
 * shape's product is first checked against a naive double-precision product (a fast wrong answer
 * is no result), then timed; the rate is 2mnk / time.
 */
public final class GemmBenchmark {
    /** One product C[m×n] = op(A)·op(B), op(A) m×k. */
    public record Shape(String name, Transpose transA, Transpose transB, int m, int n, int k) {
        /** Floating-point operations of one product. */
        public double flops() {
            return 2.0 * m * n * k;
        }
    }

    /** The MLP step's products at batch 128 (weights stored [out, in], as nn.Linear). */
    public static final List<Shape> MLP_SHAPES = List.of(
            new Shape("fwd 128x784 . (300x784)^T", Transpose.NO, Transpose.YES, 128, 300, 784),
            new Shape("fwd 128x300 . (300x300)^T", Transpose.NO, Transpose.YES, 128, 300, 300),
            new Shape("dW (128x300)^T . 128x300", Transpose.YES, Transpose.NO, 300, 300, 128),
            new Shape("dX 128x300 . 300x300", Transpose.NO, Transpose.NO, 128, 300, 300));

    private GemmBenchmark() {}

    /** Validates and times every shape on {@code ops}. */
    public static List<Throughput> run(Ops ops, List<Shape> shapes, double warmupSeconds, int batches) {
        List<Throughput> results = new ArrayList<>();
        for (Shape s : shapes) {
            results.add(runOne(ops, s, (long) (warmupSeconds * 1e9), batches));
        }
        return results;
    }

    private static Throughput runOne(Ops ops, Shape s, long warmupNanos, int batches) {
        int aRows = s.transA() == Transpose.NO ? s.m() : s.k();
        int aCols = s.transA() == Transpose.NO ? s.k() : s.m();
        int bRows = s.transB() == Transpose.NO ? s.k() : s.n();
        int bCols = s.transB() == Transpose.NO ? s.n() : s.k();
        Random rng = new Random(1);
        float[] a = random(rng, aRows * aCols); // [aRows, aCols]
        float[] b = random(rng, bRows * bCols); // [bRows, bCols]
        try (FloatBuffer ba = ops.allocate(a.length);
                FloatBuffer bb = ops.allocate(b.length);
                FloatBuffer bc = ops.allocate((long) s.m() * s.n())) {
            ops.upload(a, 0, ba, 0, a.length);
            ops.upload(b, 0, bb, 0, b.length);
            Runnable product = () ->
                    ops.gemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, ba, aCols, bb, bCols, 0f, bc, s.n());
            product.run();
            float[] c = new float[s.m() * s.n()];
            ops.download(bc, 0, c, 0, c.length);
            validate(s, a, aCols, b, bCols, c);
            Timing t = Timing.measure("gemm " + s.name(), product, warmupNanos, 200_000_000L, batches);
            return new Throughput(t, s.flops(), "GFLOP/s");
        }
    }

    /** Every element against the naive product, to float32 accuracy of a k-term sum. */
    private static void validate(Shape s, float[] a, int lda, float[] b, int ldb, float[] c) {
        for (int i = 0; i < s.m(); i++) {
            for (int j = 0; j < s.n(); j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < s.k(); p++) {
                    double x = s.transA() == Transpose.NO ? a[i * lda + p] : a[p * lda + i];
                    double y = s.transB() == Transpose.NO ? b[p * ldb + j] : b[j * ldb + p];
                    sum += x * y;
                    abs += Math.abs(x * y);
                }
                double out = c[i * s.n() + j];
                if (!(Math.abs(out - sum) <= 1e-6 * s.k() * abs + 1e-30)) {
                    throw new IllegalStateException(
                            "gemm " + s.name() + " wrong at [" + i + "," + j + "]: " + out + " vs naive " + sum);
                }
            }
        }
    }

    private static float[] random(Random rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return x;
    }
}
