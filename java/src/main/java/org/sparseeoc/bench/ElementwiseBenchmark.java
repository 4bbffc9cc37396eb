package org.sparseeoc.bench;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.Ops;

/**
 * Elementwise ops and reductions at MLP sizes (a 128×300 activation, a 300×784 weight matrix) and
 * one CNN-sized activation (128×32×32×32, past the caches), as bytes moved per second. Three
 * reference loops over plain native memory put the numbers in context: memcpy (the memory speed),
 * a CReLU loop indexing two MemorySegments directly, and the same loop over two float[]. Then the
 * convolution kernels (im2col, col2im, batchedTranspose) at the layer shapes of the CNN quick spec
 * (experiments/cnn/quick.json, batch 64), bytes counted as one read of the input and one write of
 * the output.
 */
public final class ElementwiseBenchmark {
    private static final int ROWS = 128;
    private static final int COLS = 300;
    private static final int WEIGHTS = 300 * 784;
    private static final int CNN = 128 * 32 * 32 * 32;
    private static final long BATCH_NANOS = 100_000_000L;
    private static final float TAU = 1.0364f;
    private static final float CLIP = 1.0f;

    private ElementwiseBenchmark() {}

    /** Reference loops, then the ops of {@code ops}; every op is checked once before timing. */
    public static List<Throughput> run(Ops ops, double warmupSeconds, int batches) {
        long warmup = (long) (warmupSeconds * 1e9);
        List<Throughput> results = new ArrayList<>(referenceLoops(ROWS * COLS, warmup, batches));
        Random rng = new Random(3);
        int n = ROWS * COLS;
        Activation crelu = ActivationKind.CRELU.create(TAU, CLIP);
        try (FloatBuffer z = upload(ops, gaussian(rng, n));
                FloatBuffer h = ops.allocate(n);
                FloatBuffer dh = upload(ops, gaussian(rng, n));
                FloatBuffer dz = ops.allocate(n);
                FloatBuffer bias = upload(ops, gaussian(rng, COLS));
                FloatBuffer param = upload(ops, gaussian(rng, WEIGHTS));
                FloatBuffer grad = upload(ops, gaussian(rng, WEIGHTS));
                FloatBuffer m = ops.allocate(WEIGHTS);
                FloatBuffer v = ops.allocate(WEIGHTS);
                FloatBuffer big = upload(ops, gaussian(rng, CNN));
                FloatBuffer bigOut = ops.allocate(CNN)) {
            ops.creluForward(TAU, CLIP, z, h, n);
            checkCrelu(ops, crelu, z, h, n);
            results.add(
                    time("crelu fwd 128x300", () -> ops.creluForward(TAU, CLIP, z, h, n), 8.0 * n, warmup, batches));
            results.add(time(
                    "crelu bwd 128x300", () -> ops.creluBackward(TAU, CLIP, z, dh, dz, n), 12.0 * n, warmup, batches));
            results.add(time("cst fwd 128x300", () -> ops.cstForward(TAU, CLIP, z, h, n), 8.0 * n, warmup, batches));
            results.add(time(
                    "biasAdd 128x300", () -> ops.biasAdd(h, bias, ROWS, COLS), 8.0 * n + 4.0 * COLS, warmup, batches));
            results.add(time(
                    "biasGradient 128x300",
                    () -> ops.biasGradient(dz, bias, ROWS, COLS),
                    4.0 * n + 4.0 * COLS,
                    warmup,
                    batches));
            results.add(
                    time("activationStats 128x300", () -> ops.activationStats(crelu, z, n), 4.0 * n, warmup, batches));
            // Optimizer steps with lr 0, so the parameters stay where they are however long we time.
            results.add(time(
                    "sgd nesterov 300x784",
                    () -> ops.sgdMomentumStep(param, grad, m, WEIGHTS, 0f, 0.9f, 1e-4f, true),
                    20.0 * WEIGHTS,
                    warmup,
                    batches));
            results.add(time(
                    "adam 300x784",
                    () -> ops.adamStep(param, grad, m, v, WEIGHTS, 0f, 0.9f, 0.999f, 1e-8f, 1e-4f, 10),
                    28.0 * WEIGHTS,
                    warmup,
                    batches));
            results.add(time(
                    "sumOfSquares 300x784", () -> ops.sumOfSquares(grad, WEIGHTS), 4.0 * WEIGHTS, warmup, batches));
            results.add(time(
                    "crelu fwd 128x32x32x32",
                    () -> ops.creluForward(TAU, CLIP, big, bigOut, CNN),
                    8.0 * CNN,
                    warmup,
                    batches));
        }
        results.addAll(conv(ops, warmup, batches));
        return results;
    }

    /** Batch of the CNN quick spec. */
    private static final int CONV_BATCH = 64;

    /**
     * The convolutions of experiments/cnn/quick.json as {channels, side, kernel, stride, padding}:
     * the 1-channel 28×28 input layer (stride 2) and 32-channel hidden layers at 14×14, 7×7 and 4×4.
     */
    private static final int[][] CONV_LAYERS = {
        {1, 28, 3, 2, 1}, {32, 14, 3, 1, 1}, {32, 14, 3, 2, 1}, {32, 7, 3, 1, 1}, {32, 4, 3, 1, 1}
    };

    /**
     * im2col and col2im at each of {@link #CONV_LAYERS}, and the NHWC ↔ NCHW transposes of the
     * hidden layers' inputs; each op is checked against a plain loop from the layout in {@code
     * Ops.im2col} before it is timed.
     */
    static List<Throughput> conv(Ops ops, long warmup, int batches) {
        List<Throughput> results = new ArrayList<>();
        Random rng = new Random(7);
        for (int[] g : CONV_LAYERS) {
            int c = g[0];
            int side = g[1];
            int k = g[2];
            int s = g[3];
            int p = g[4];
            int o = (side + 2 * p - k) / s + 1;
            int imageLen = CONV_BATCH * c * side * side;
            int colsLen = CONV_BATCH * o * o * c * k * k;
            String shape = c + "x" + side + "x" + side + " k" + k + "s" + s + "p" + p;
            float[] x = gaussian(rng, imageLen);
            float[] y = gaussian(rng, colsLen);
            try (FloatBuffer bx = upload(ops, x);
                    FloatBuffer by = upload(ops, y);
                    FloatBuffer cols = ops.allocate(colsLen);
                    FloatBuffer dx = ops.allocate(imageLen)) {
                ops.im2col(bx, cols, CONV_BATCH, c, side, side, k, s, p);
                ops.col2im(by, dx, CONV_BATCH, c, side, side, k, s, p);
                checkConv(ops, x, y, cols, dx, c, side, k, s, p, o);
                double bytes = 4.0 * (imageLen + (double) colsLen);
                results.add(time(
                        "im2col " + shape,
                        () -> ops.im2col(bx, cols, CONV_BATCH, c, side, side, k, s, p),
                        bytes,
                        warmup,
                        batches));
                results.add(time(
                        "col2im " + shape,
                        () -> ops.col2im(by, dx, CONV_BATCH, c, side, side, k, s, p),
                        bytes,
                        warmup,
                        batches));
            }
        }
        for (int side : new int[] {14, 7, 4}) {
            int positions = side * side;
            int c = 32;
            int len = CONV_BATCH * positions * c;
            float[] x = gaussian(rng, len);
            try (FloatBuffer in = upload(ops, x);
                    FloatBuffer out = ops.allocate(len)) {
                ops.batchedTranspose(in, out, CONV_BATCH, positions, c);
                checkTranspose(ops, x, out, positions, c);
                ops.batchedTranspose(in, out, CONV_BATCH, c, positions);
                checkTranspose(ops, x, out, c, positions);
                results.add(time(
                        "transpose " + positions + "x" + c,
                        () -> ops.batchedTranspose(in, out, CONV_BATCH, positions, c),
                        8.0 * len,
                        warmup,
                        batches));
                results.add(time(
                        "transpose " + c + "x" + positions,
                        () -> ops.batchedTranspose(in, out, CONV_BATCH, c, positions),
                        8.0 * len,
                        warmup,
                        batches));
            }
        }
        return results;
    }

    /**
     * cols must equal x at (n, ci, oy·s + ky − p, ox·s + kx − p) or 0 (exactly: a copy), and dx the
     * double sum of the y elements that read each pixel (to 1e-5 relative to Σ|terms|, far below
     * any misplaced term and far above float rounding of a sum of at most k² terms).
     */
    private static void checkConv(
            Ops ops,
            float[] x,
            float[] y,
            FloatBuffer cols,
            FloatBuffer dx,
            int c,
            int side,
            int k,
            int s,
            int p,
            int o) {
        float[] got = new float[y.length];
        float[] gotDx = new float[x.length];
        ops.download(cols, 0, got, 0, got.length);
        ops.download(dx, 0, gotDx, 0, gotDx.length);
        double[] sum = new double[x.length];
        double[] mag = new double[x.length];
        int rowLen = c * k * k;
        int i = 0;
        for (int n = 0; n < CONV_BATCH; n++) {
            for (int oy = 0; oy < o; oy++) {
                for (int ox = 0; ox < o; ox++) {
                    for (int ci = 0; ci < c; ci++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++, i++) {
                                int iy = oy * s + ky - p;
                                int ix = ox * s + kx - p;
                                boolean inside = iy >= 0 && iy < side && ix >= 0 && ix < side;
                                int at = ((n * c + ci) * side + iy) * side + ix;
                                float ref = inside ? x[at] : 0f;
                                if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(ref)) {
                                    throw new IllegalStateException("im2col wrong at cols[" + i / rowLen + ","
                                            + i % rowLen + "]: " + got[i] + " vs " + ref);
                                }
                                if (inside) {
                                    sum[at] += y[i];
                                    mag[at] += Math.abs(y[i]);
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int j = 0; j < x.length; j++) {
            if (!(Math.abs(gotDx[j] - sum[j]) <= 1e-5 * mag[j])) {
                throw new IllegalStateException("col2im wrong at dx[" + j + "]: " + gotDx[j] + " vs " + sum[j]);
            }
        }
    }

    private static void checkTranspose(Ops ops, float[] in, FloatBuffer out, int rows, int cols) {
        float[] got = new float[in.length];
        ops.download(out, 0, got, 0, got.length);
        int len = rows * cols;
        for (int i = 0; i < in.length; i++) {
            int n = i / len;
            int r = i % len / cols;
            int c = i % cols;
            if (got[n * len + c * rows + r] != in[i]) {
                throw new IllegalStateException("batchedTranspose wrong at in[" + i + "]");
            }
        }
    }

    /**
     * memcpy, and CReLU as a direct MemorySegment loop and as a float[] loop, over n floats. The
     * direct loop is what CpuOps would be without its tiles: C2 (JDK 25) leaves it scalar.
     */
    static List<Throughput> referenceLoops(int n, long warmup, int batches) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(4L * n, 64); // [n] float32
            MemorySegment dst = arena.allocate(4L * n, 64); // [n] float32
            float[] x = gaussian(new Random(5), n);
            float[] y = new float[n];
            MemorySegment.copy(x, 0, src, JAVA_FLOAT, 0, n);
            return List.of(
                    time(
                            "ref: memcpy 128x300",
                            () -> MemorySegment.copy(src, 0, dst, 0, 4L * n),
                            8.0 * n,
                            warmup,
                            batches),
                    time("ref: crelu, segment loop", () -> creluSegments(src, dst, n), 8.0 * n, warmup, batches),
                    time("ref: crelu, float[] loop", () -> creluArrays(x, y, n), 8.0 * n, warmup, batches));
        }
    }

    private static void creluSegments(MemorySegment z, MemorySegment h, int n) {
        for (int i = 0; i < n; i++) {
            h.setAtIndex(JAVA_FLOAT, i, Math.min(Math.max(z.getAtIndex(JAVA_FLOAT, i) - TAU, 0f), CLIP));
        }
    }

    private static void creluArrays(float[] z, float[] h, int n) {
        for (int i = 0; i < n; i++) {
            h[i] = Math.min(Math.max(z[i] - TAU, 0f), CLIP);
        }
    }

    private static void checkCrelu(Ops ops, Activation crelu, FloatBuffer z, FloatBuffer h, int n) {
        float[] zs = new float[n];
        float[] hs = new float[n];
        ops.download(z, 0, zs, 0, n);
        ops.download(h, 0, hs, 0, n);
        for (int i = 0; i < n; i++) {
            double ref = crelu.apply(zs[i]);
            if (!(Math.abs(hs[i] - ref) <= 6e-8 * Math.abs(ref))) {
                throw new IllegalStateException("crelu forward wrong at " + i + ": " + hs[i] + " vs " + ref);
            }
        }
    }

    private static Throughput time(String name, Runnable op, double bytes, long warmup, int batches) {
        return new Throughput(Timing.measure(name, op, warmup, BATCH_NANOS, batches), bytes, "GB/s");
    }

    private static FloatBuffer upload(Ops ops, float[] x) {
        FloatBuffer b = ops.allocate(x.length);
        ops.upload(x, 0, b, 0, x.length);
        return b;
    }

    private static float[] gaussian(Random rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }
}
