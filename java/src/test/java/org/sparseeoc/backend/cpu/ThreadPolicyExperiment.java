package org.sparseeoc.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.IntBuffer;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.Transpose;

/**
 * The measurement behind CpuOps's threading policy (not a test: a main, kept compiled so the
 * figures in docs/BENCHMARKS.md stay reproducible). Times one training step of a 784-300-300-10
 * CReLU MLP at batch 128 (forward, softmax loss, backward, SGD) under four policies: OpenBLAS with
 * 2 or 1 threads, times elementwise ops on the calling thread only or split in two halves between
 * the caller and one pool thread. Also times two elementwise ops (CReLU forward on 128×300, SGD on
 * 300×784) right after a GEMM, while OpenBLAS's threads still spin, and back to back.
 *
 * <p>Run: {@code mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt && java
 * --enable-native-access=ALL-UNNAMED -cp target/test-classes:target/classes:$(cat cp.txt)
 * org.sparseeoc.backend.cpu.ThreadPolicyExperiment [rounds]}
 */
public final class ThreadPolicyExperiment implements AutoCloseable {
    private static final int B = 128;
    private static final int IN = 784;
    private static final int H = 300;
    private static final int C = 10;
    private static final float TAU = 1.0364f;
    private static final float CLIP = 1f;

    /** One policy: OpenBLAS threads, and whether elementwise ops are split over two threads. */
    record Policy(String name, int blasThreads, boolean splitElementwise) {}

    private final CpuOps ops;
    private final Policy policy;
    private final ExecutorService pool; // one worker thread; null when not splitting
    private final Tiles callerTiles = new Tiles();
    private final Tiles workerTiles = new Tiles();
    // Parameters (weights stored [out, in]) and their gradient and velocity buffers.
    private final FloatBuffer[] p = new FloatBuffer[24];
    private final IntBuffer labels;

    // Indices into p, with shapes.
    private static final int X = 0; // [B, IN]
    private static final int W1 = 1; // [H, IN]
    private static final int B1 = 2; // [H]
    private static final int W2 = 3; // [H, H]
    private static final int B2 = 4; // [H]
    private static final int W3 = 5; // [C, H]
    private static final int B3 = 6; // [C]
    private static final int Z1 = 7; // [B, H]
    private static final int H1 = 8; // [B, H]
    private static final int Z2 = 9; // [B, H]
    private static final int H2 = 10; // [B, H]
    private static final int LOGITS = 11; // [B, C]
    private static final int DLOGITS = 12; // [B, C]
    private static final int DH2 = 13; // [B, H]
    private static final int DH1 = 14; // [B, H]
    private static final int DW1 = 15; // [H, IN]
    private static final int DW2 = 16; // [H, H]
    private static final int DW3 = 17; // [C, H]
    private static final int DB1 = 18; // [H]
    private static final int DB2 = 19; // [H]
    private static final int DB3 = 20; // [C]
    private static final int V1 = 21; // [H, IN]
    private static final int V2 = 22; // [H, H]
    private static final int V3 = 23; // [C, H]

    ThreadPolicyExperiment(Policy policy) {
        this.policy = policy;
        this.ops = new CpuOps(new CpuConfig(policy.blasThreads()));
        this.pool = policy.splitElementwise()
                ? Executors.newFixedThreadPool(1, r -> {
                    Thread t = new Thread(r, "elementwise-worker");
                    t.setDaemon(true);
                    return t;
                })
                : null;
        Random rng = new Random(1);
        p[X] = random(rng, B * IN, 1);
        p[W1] = random(rng, H * IN, 0.05);
        p[B1] = random(rng, H, 0.1);
        p[W2] = random(rng, H * H, 0.05);
        p[B2] = random(rng, H, 0.1);
        p[W3] = random(rng, C * H, 0.05);
        p[B3] = random(rng, C, 0.1);
        int[] sizes = {B * H, B * H, B * H, B * H, B * C, B * C, B * H, B * H, H * IN, H * H, C * H, H, H, C};
        for (int i = 0; i < sizes.length; i++) {
            p[Z1 + i] = ops.allocate(sizes[i]);
        }
        p[V1] = ops.allocate(H * IN);
        p[V2] = ops.allocate(H * H);
        p[V3] = ops.allocate(C * H);
        labels = ops.allocateInts(B);
        ops.uploadInts(rng.ints(B, 0, C).toArray(), labels, B);
    }

    private FloatBuffer random(Random rng, int n, double sigma) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (sigma * rng.nextGaussian());
        }
        FloatBuffer b = ops.allocate(n);
        ops.upload(a, 0, b, 0, n);
        return b;
    }

    private static MemorySegment seg(FloatBuffer b, long from, long len) {
        return ((HostFloatBuffer) b).segment.asSlice(4 * from, 4 * len);
    }

    /** An elementwise op over elements [from, from + len) with its own tiles. */
    private interface RangeOp {
        void run(Tiles t, long from, long len);
    }

    /** Runs op over [0, n): on the caller, or half on the pool thread and half on the caller. */
    private void elementwise(long n, RangeOp op) {
        if (pool == null) {
            op.run(callerTiles, 0, n);
            return;
        }
        long half = (n / 2) & ~15L;
        Future<?> other = pool.submit(() -> op.run(workerTiles, half, n - half));
        op.run(callerTiles, 0, half);
        try {
            other.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void creluForward(FloatBuffer z, FloatBuffer h, long n) {
        elementwise(
                n,
                (t, from, len) ->
                        ActivationKernels.forward(t, false, TAU, CLIP, seg(z, from, len), seg(h, from, len), len));
    }

    private void creluBackward(FloatBuffer z, FloatBuffer dh, long n) {
        elementwise(
                n,
                (t, from, len) -> ActivationKernels.backward(
                        t, false, TAU, CLIP, seg(z, from, len), seg(dh, from, len), seg(dh, from, len), len));
    }

    private void sgd(FloatBuffer param, FloatBuffer grad, FloatBuffer velocity, long n) {
        elementwise(
                n,
                (t, from, len) -> OptimizerKernels.sgdMomentum(
                        t,
                        seg(param, from, len),
                        seg(grad, from, len),
                        seg(velocity, from, len),
                        len,
                        1e-4f,
                        0.9f,
                        0f,
                        false));
    }

    /** One training step. */
    void step() {
        Transpose n = Transpose.NO;
        Transpose t = Transpose.YES;
        ops.gemm(n, t, B, H, IN, 1f, p[X], IN, p[W1], IN, 0f, p[Z1], H);
        ops.biasAdd(p[Z1], p[B1], B, H);
        creluForward(p[Z1], p[H1], B * H);
        ops.gemm(n, t, B, H, H, 1f, p[H1], H, p[W2], H, 0f, p[Z2], H);
        ops.biasAdd(p[Z2], p[B2], B, H);
        creluForward(p[Z2], p[H2], B * H);
        ops.gemm(n, t, B, C, H, 1f, p[H2], H, p[W3], H, 0f, p[LOGITS], C);
        ops.biasAdd(p[LOGITS], p[B3], B, C);
        ops.softmaxCrossEntropy(p[LOGITS], labels, p[DLOGITS], B, C, 1f / B, new LossAccumulator());
        ops.gemm(t, n, C, H, B, 1f, p[DLOGITS], C, p[H2], H, 0f, p[DW3], H);
        ops.biasGradient(p[DLOGITS], p[DB3], B, C);
        ops.gemm(n, n, B, H, C, 1f, p[DLOGITS], C, p[W3], H, 0f, p[DH2], H);
        creluBackward(p[Z2], p[DH2], B * H);
        ops.gemm(t, n, H, H, B, 1f, p[DH2], H, p[H1], H, 0f, p[DW2], H);
        ops.biasGradient(p[DH2], p[DB2], B, H);
        ops.gemm(n, n, B, H, H, 1f, p[DH2], H, p[W2], H, 0f, p[DH1], H);
        creluBackward(p[Z1], p[DH1], B * H);
        ops.gemm(t, n, H, IN, B, 1f, p[DH1], H, p[X], IN, 0f, p[DW1], IN);
        ops.biasGradient(p[DH1], p[DB1], B, H);
        sgd(p[W1], p[DW1], p[V1], H * IN);
        sgd(p[W2], p[DW2], p[V2], H * H);
        sgd(p[W3], p[DW3], p[V3], C * H);
    }

    /** Median step time (ns) over 9 batches of 50 steps, after 1.5 s of warm-up. */
    double stepNanos() {
        long end = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < end) {
            step();
        }
        double[] means = new double[9];
        for (int b = 0; b < means.length; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                step();
            }
            means[b] = (System.nanoTime() - t0) / 50.0;
        }
        Arrays.sort(means);
        return means[means.length / 2];
    }

    /** Mean ns of CReLU forward + SGD: right after a GEMM each time, then back to back. */
    double[] elementwiseNanos() {
        int reps = 2000;
        long afterGemm = 0;
        for (int r = 0; r < reps; r++) {
            ops.gemm(Transpose.NO, Transpose.YES, B, H, H, 1f, p[H1], H, p[W2], H, 0f, p[Z2], H);
            long t0 = System.nanoTime();
            creluForward(p[Z1], p[H1], B * H);
            sgd(p[W1], p[DW1], p[V1], H * IN);
            afterGemm += System.nanoTime() - t0;
        }
        long backToBack = 0;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            creluForward(p[Z1], p[H1], B * H);
            sgd(p[W1], p[DW1], p[V1], H * IN);
            backToBack += System.nanoTime() - t0;
        }
        return new double[] {(double) afterGemm / reps, (double) backToBack / reps};
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
        ops.close();
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Policy[] policies = {
            new Policy("A: blas 2 threads, elementwise 1", 2, false),
            new Policy("B: blas 2 threads, elementwise 2", 2, true),
            new Policy("C: blas 1 thread,  elementwise 1", 1, false),
            new Policy("D: blas 1 thread,  elementwise 2", 1, true)
        };
        for (int round = 0; round < rounds; round++) {
            for (Policy policy : policies) {
                try (ThreadPolicyExperiment e = new ThreadPolicyExperiment(policy)) {
                    double step = e.stepNanos();
                    double[] ew = e.elementwiseNanos();
                    System.out.printf(
                            "%-34s step %8.1f us | crelu fwd + sgd(300x784): after a gemm %6.1f us,"
                                    + " back to back %6.1f us%n",
                            policy.name(), step / 1e3, ew[0] / 1e3, ew[1] / 1e3);
                }
            }
        }
        System.out.println("kernels: " + OpenBlas.get().corename());
    }
}
