package org.sparseeoc.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.sparseeoc.activation.ClippedRelu;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.SparseOps;
import org.sparseeoc.backend.SparseRows;
import org.sparseeoc.backend.Transpose;

/**
 * A square layer (N_in = N_out = width) at batch B whose input h is a CReLU output with a given
 * exact-zero fraction s, each of its three products timed dense ({@link Ops#gemm}: OpenBLAS on the
 * CPU, cuBLAS or the built-in sgemm on a GPU) and sparse ({@link SparseOps}: the CPU kernels, the
 * GPU kernels of cuda/sparse.cu, or cuSPARSE), on one {@link Target}:
 *
 * <ul>
 *   <li>{@code forward}: dense = CReLU forward z → h + GEMM h·Wᵀ + bias add; sparse = CReLU
 *       compressed straight from z ({@link SparseOps#activationCompress}) + {@link
 *       SparseOps#sparseDenseForward} with the bias. Both start from the pre-activation z, so the
 *       compression pass is paid for.
 *   <li>{@code weight-grad}: dWᵀ = hᵀ·δ [N_in × N_out] (the layout nn.Mlp stores), GEMM vs {@link
 *       SparseOps#sparseWeightGradientTransposed} (h already compressed by the forward pass).
 *   <li>{@code input-grad}: dH = δ·W, GEMM vs {@link SparseOps#maskedInputGradient} at the
 *       nonzeros of h (the activation's backward op, the same for both, is not timed).
 * </ul>
 *
 * <p>The sparse forward and input gradient read Wᵀ, which a training step refreshes once after each
 * weight update ({@link Ops#batchedTranspose}); that time is reported separately ({@code wT}
 * column) and is not in the sparse times. Rates are useful flops per second: 2·B·N² for dense,
 * 2·nnz·N for sparse. Every sparse result is first checked element by element against the dense
 * one (a fast wrong answer is no result).
 */
public final class SparseBenchmark {
    /** The products compared. */
    public enum Product {
        FORWARD("forward"),
        WEIGHT_GRAD("weight-grad"),
        INPUT_GRAD("input-grad");

        private final String label;

        Product(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One measured point.
     *
     * @param width N_in = N_out
     * @param batch B
     * @param sparsity requested exact-zero fraction of h
     * @param measuredSparsity the zero fraction of the h actually drawn
     * @param product which product
     * @param dense dense timing
     * @param sparse sparse timing
     * @param transposeNanos median time of one Wᵀ refresh (batchedTranspose)
     */
    public record Result(
            int width,
            int batch,
            double sparsity,
            double measuredSparsity,
            Product product,
            Timing dense,
            Timing sparse,
            double transposeNanos) {
        /** Dense median time over sparse median time (&gt; 1: sparse wins). */
        public double speedup() {
            return dense.medianNanos() / sparse.medianNanos();
        }

        /** Dense flops per second, 2·B·N², in GFLOP/s. */
        public double denseGflops() {
            return 2.0 * batch * width * (double) width / dense.medianNanos();
        }

        /** Useful sparse flops per second, 2·nnz·N with nnz = (1 − s)·B·N, in GFLOP/s. */
        public double sparseGflops() {
            return 2.0 * (1 - measuredSparsity) * batch * width * (double) width / sparse.medianNanos();
        }
    }

    /**
     * Where the products run: the dense ops and the sparse ops over their buffers, a barrier that
     * waits for queued work (a GPU's launches return before the kernels finish), and how many calls
     * are timed between two barriers. On a GPU a barrier per call would add its latency (some
     * microseconds) to every call; after {@code callsPerBarrier} calls it is spread over them.
     *
     * @param ops the dense ops (and the buffers)
     * @param sparse the sparse ops over ops' buffers
     * @param barrier waits until every queued operation has finished
     * @param callsPerBarrier calls timed between two barriers (≥ 1; 1 on the CPU)
     */
    public record Target(Ops ops, SparseOps sparse, Runnable barrier, int callsPerBarrier) {
        public Target {
            Objects.requireNonNull(ops, "ops");
            Objects.requireNonNull(sparse, "sparse");
            Objects.requireNonNull(barrier, "barrier");
            if (callsPerBarrier < 1) {
                throw new IllegalArgumentException("callsPerBarrier must be >= 1, got " + callsPerBarrier);
            }
        }

        /** Synchronous ops (the CPU): nothing to wait for, one call per timing. */
        public static Target synchronous(Ops ops, SparseOps sparse) {
            return new Target(ops, sparse, () -> {}, 1);
        }

        /**
         * Times {@code op} as {@link Timing#measure} does, {@link #callsPerBarrier} calls followed by
         * the barrier per timed call; the result is per single call.
         */
        Timing measure(String name, Runnable op, long warmupNanos, long batchNanos, int batches) {
            Runnable group = () -> {
                for (int i = 0; i < callsPerBarrier; i++) {
                    op.run();
                }
                barrier.run();
            };
            Timing t = Timing.measure(name, group, warmupNanos, batchNanos, batches);
            return new Timing(
                    name,
                    t.medianNanos() / callsPerBarrier,
                    t.p10Nanos() / callsPerBarrier,
                    t.p90Nanos() / callsPerBarrier,
                    t.batches(),
                    t.callsPerBatch() * callsPerBarrier);
        }
    }

    /**
     * The break-even sparsity of one curve (results of one product, width and batch): where the
     * speedup first reaches 1 going up in measured sparsity, interpolated linearly in log(speedup)
     * between the two points around it. NaN when the curve never reaches 1; its lowest sparsity
     * when it is ≥ 1 from the start (sparse already wins there, so the point lies at or below it).
     */
    public static double breakEvenSparsity(List<Result> curve) {
        List<Result> sorted = curve.stream()
                .sorted(Comparator.comparingDouble(Result::measuredSparsity))
                .toList();
        for (int i = 0; i < sorted.size(); i++) {
            Result b = sorted.get(i);
            if (b.speedup() >= 1) {
                if (i == 0) {
                    return b.measuredSparsity();
                }
                Result a = sorted.get(i - 1);
                double la = Math.log(a.speedup());
                double lb = Math.log(b.speedup());
                double t = -la / (lb - la); // la < 0 <= lb
                return a.measuredSparsity() + t * (b.measuredSparsity() - a.measuredSparsity());
            }
        }
        return Double.NaN;
    }

    /** The CReLU the inputs come from: τ is set per case so that exactly the wanted fraction is 0. */
    private static final double CLIP = 1.0;

    private SparseBenchmark() {}

    /** Validates and times every (width, batch, sparsity). */
    public static List<Result> run(
            Target target,
            int[] widths,
            int[] batches,
            double[] sparsities,
            double warmupSeconds,
            long batchNanos,
            int timedBatches) {
        List<Result> results = new ArrayList<>();
        for (int width : widths) {
            for (int batch : batches) {
                for (double s : sparsities) {
                    results.addAll(
                            runOne(target, width, batch, s, (long) (warmupSeconds * 1e9), batchNanos, timedBatches));
                }
            }
        }
        return results;
    }

    private static List<Result> runOne(
            Target target, int n, int b, double s, long warmup, long batchNanos, int timedBatches) {
        Ops ops = target.ops();
        SparseOps sparse = target.sparse();
        Random rng = new Random(1);
        float[] zHost = gaussian(rng, b * n); // [b × n] pre-activation
        // τ = the ⌈s·B·N⌉-th smallest z: CReLU's zeros are exactly z ≤ τ (ties have probability 0).
        float[] sorted = zHost.clone();
        Arrays.sort(sorted);
        int zeros = (int) Math.round(s * sorted.length);
        float tau = zeros == 0 ? Math.nextDown(sorted[0]) : sorted[zeros - 1];
        // Shift z so that τ ≥ 0 (CReLU's threshold): subtract min(τ, 0) from everything.
        float shift = Math.min(tau, 0f);
        for (int i = 0; i < zHost.length; i++) {
            zHost[i] -= shift;
        }
        ClippedRelu crelu = new ClippedRelu(Math.max(0f, tau - shift), CLIP);
        String tag = " n=" + n + " B=" + b + " s=" + s;
        try (FloatBuffer z = upload(ops, zHost);
                FloatBuffer h = ops.allocate((long) b * n); // [b × n]
                FloatBuffer w = upload(ops, uniform(rng, n * n, 1 / Math.sqrt(n))); // [n × n] W
                FloatBuffer wT = ops.allocate((long) n * n); // [n × n] Wᵀ
                FloatBuffer bias = upload(ops, uniform(rng, n, 0.1)); // [n]
                FloatBuffer delta = upload(ops, uniform(rng, b * n, 1)); // [b × n] δ
                FloatBuffer dense = ops.allocate((long) Math.max(b, n) * n); // dense result
                FloatBuffer out = ops.allocate((long) Math.max(b, n) * n); // sparse result
                SparseRows hs = sparse.allocateRows(b, n)) {
            ops.activationForward(crelu, z, h, (long) b * n);
            Runnable transpose = () -> ops.batchedTranspose(w, wT, 1, n, n);
            transpose.run();
            sparse.activationCompress(crelu, z, b, hs);
            double measured = 1 - (double) hs.nonzeros() / ((long) b * n);
            double transposeNanos = target.measure("wT" + tag, transpose, warmup, batchNanos, timedBatches)
                    .medianNanos();

            Runnable denseForward = () -> {
                ops.activationForward(crelu, z, h, (long) b * n);
                ops.gemm(Transpose.NO, Transpose.YES, b, n, n, 1f, h, n, w, n, 0f, dense, n);
                ops.biasAdd(dense, bias, b, n);
            };
            Runnable sparseForward = () -> {
                sparse.activationCompress(crelu, z, b, hs);
                sparse.sparseDenseForward(hs, wT, bias, out, n);
            };
            Runnable denseWeight =
                    () -> ops.gemm(Transpose.YES, Transpose.NO, n, n, b, 1f, h, n, delta, n, 0f, dense, n);
            Runnable sparseWeight = () -> sparse.sparseWeightGradientTransposed(delta, hs, out, n);
            Runnable denseInput = () -> ops.gemm(Transpose.NO, Transpose.NO, b, n, n, 1f, delta, n, w, n, 0f, dense, n);
            Runnable sparseInput = () -> sparse.maskedInputGradient(delta, wT, hs, out, n);

            float[] hHost = download(ops, h, b * n);
            List<Result> results = new ArrayList<>();
            Runnable[][] pairs = {{denseForward, sparseForward}, {denseWeight, sparseWeight}, {denseInput, sparseInput}
            };
            for (Product p : Product.values()) {
                Runnable d = pairs[p.ordinal()][0];
                Runnable sp = pairs[p.ordinal()][1];
                d.run();
                sp.run();
                int length = p == Product.WEIGHT_GRAD ? n * n : b * n;
                int sumLength = p == Product.FORWARD ? n : p == Product.WEIGHT_GRAD ? b : n;
                validate(
                        p.label() + tag,
                        download(ops, dense, length),
                        download(ops, out, length),
                        p == Product.INPUT_GRAD ? hHost : null,
                        sumLength);
                Timing td = target.measure(p.label() + " dense" + tag, d, warmup, batchNanos, timedBatches);
                Timing ts = target.measure(p.label() + " sparse" + tag, sp, warmup, batchNanos, timedBatches);
                results.add(new Result(n, b, s, measured, p, td, ts, transposeNanos));
            }
            return results;
        }
    }

    /**
     * Every element of the sparse result against the dense one, to float32 accuracy of a k-term sum
     * of terms below 1 in size (|diff| ≤ 1e-6·k + 1e-5·|ref|); with a mask (h), the dense result
     * counts only where the mask is nonzero and must be exactly 0 elsewhere.
     */
    private static void validate(String what, float[] ref, float[] got, float[] mask, int k) {
        for (int i = 0; i < ref.length; i++) {
            double r = mask == null || mask[i] != 0 ? ref[i] : 0;
            if (!(Math.abs(got[i] - r) <= 1e-6 * k + 1e-5 * Math.abs(r))) {
                throw new IllegalStateException(
                        "sparse " + what + " wrong at element " + i + ": " + got[i] + " vs dense " + r);
            }
        }
    }

    private static FloatBuffer upload(Ops ops, float[] x) {
        FloatBuffer b = ops.allocate(x.length);
        ops.upload(x, 0, b, 0, x.length);
        return b;
    }

    private static float[] download(Ops ops, FloatBuffer b, int n) {
        float[] x = new float[n];
        ops.download(b, 0, x, 0, n);
        return x;
    }

    private static float[] gaussian(Random rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    private static float[] uniform(Random rng, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((2 * rng.nextDouble() - 1) * scale);
        }
        return x;
    }
}
