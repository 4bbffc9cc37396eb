package org.sparseeoc.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.backend.ActivationStats;
import org.sparseeoc.backend.BackendInfo;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.IntBuffer;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.Transpose;

/**
 * An {@link Ops} decorator that times every call (the CPU backend's ops are synchronous) and splits
 * the time into GEMM and everything else, counting GEMM FLOPs (2mnk), so a benchmark can report the
 * GEMM share of a training step and the rate the products reach inside it.
 */
final class TimedOps implements Ops {
    private final Ops ops;
    private long gemmNanos;
    private long otherNanos;
    private double gemmFlops;
    private List<GemmBenchmark.Shape> gemmCalls; // recorded while non-null
    private final Map<String, Long> otherByOp = new HashMap<>();

    TimedOps(Ops ops) {
        this.ops = ops;
    }

    /** Resets the counters. */
    void reset() {
        gemmNanos = 0;
        otherNanos = 0;
        gemmFlops = 0;
        otherByOp.clear();
    }

    /** Starts recording the shape of every GEMM call (in call order) until {@link #stopRecording}. */
    void startRecording() {
        gemmCalls = new ArrayList<>();
    }

    /** The GEMM calls since {@link #startRecording}; stops recording. */
    List<GemmBenchmark.Shape> stopRecording() {
        List<GemmBenchmark.Shape> calls = List.copyOf(gemmCalls);
        gemmCalls = null;
        return calls;
    }

    long gemmNanos() {
        return gemmNanos;
    }

    long otherNanos() {
        return otherNanos;
    }

    double gemmFlops() {
        return gemmFlops;
    }

    private void other(String op, long t0) {
        long nanos = System.nanoTime() - t0;
        otherNanos += nanos;
        otherByOp.merge(op, nanos, Long::sum);
    }

    /** Time in each non-GEMM op since the last {@link #reset}, by op name. */
    Map<String, Long> otherNanosByOp() {
        return Map.copyOf(otherByOp);
    }

    @Override
    public BackendInfo info() {
        return ops.info();
    }

    @Override
    public FloatBuffer allocate(long length) {
        return ops.allocate(length);
    }

    @Override
    public IntBuffer allocateInts(long length) {
        return ops.allocateInts(length);
    }

    @Override
    public FloatBuffer slice(FloatBuffer base, long offset, long length) {
        return ops.slice(base, offset, length);
    }

    @Override
    public void upload(float[] src, int srcOffset, FloatBuffer dst, long dstOffset, int length) {
        long t0 = System.nanoTime();
        ops.upload(src, srcOffset, dst, dstOffset, length);
        other("upload", t0);
    }

    @Override
    public void uploadInts(int[] src, IntBuffer dst, int length) {
        long t0 = System.nanoTime();
        ops.uploadInts(src, dst, length);
        other("uploadInts", t0);
    }

    @Override
    public void download(FloatBuffer src, long srcOffset, float[] dst, int dstOffset, int length) {
        long t0 = System.nanoTime();
        ops.download(src, srcOffset, dst, dstOffset, length);
        other("download", t0);
    }

    @Override
    public void fill(FloatBuffer x, long n, float value) {
        long t0 = System.nanoTime();
        ops.fill(x, n, value);
        other("fill", t0);
    }

    @Override
    public void gemm(
            Transpose transA,
            Transpose transB,
            int m,
            int n,
            int k,
            float alpha,
            FloatBuffer a,
            int lda,
            FloatBuffer b,
            int ldb,
            float beta,
            FloatBuffer c,
            int ldc) {
        long t0 = System.nanoTime();
        ops.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        gemmNanos += System.nanoTime() - t0;
        gemmFlops += 2.0 * m * n * k;
        if (gemmCalls != null) {
            String name = "%s%s %dx%dx%d"
                    .formatted(transA == Transpose.YES ? "T" : "N", transB == Transpose.YES ? "T" : "N", m, n, k);
            gemmCalls.add(new GemmBenchmark.Shape(name, transA, transB, m, n, k));
        }
    }

    @Override
    public void biasAdd(FloatBuffer z, FloatBuffer bias, int rows, int cols) {
        long t0 = System.nanoTime();
        ops.biasAdd(z, bias, rows, cols);
        other("biasAdd", t0);
    }

    @Override
    public void biasGradient(FloatBuffer dz, FloatBuffer dbias, int rows, int cols) {
        long t0 = System.nanoTime();
        ops.biasGradient(dz, dbias, rows, cols);
        other("biasGradient", t0);
    }

    @Override
    public void im2col(
            FloatBuffer x,
            FloatBuffer cols,
            int batch,
            int channels,
            int height,
            int width,
            int kernel,
            int stride,
            int padding) {
        long t0 = System.nanoTime();
        ops.im2col(x, cols, batch, channels, height, width, kernel, stride, padding);
        other("im2col", t0);
    }

    @Override
    public void col2im(
            FloatBuffer cols,
            FloatBuffer dx,
            int batch,
            int channels,
            int height,
            int width,
            int kernel,
            int stride,
            int padding) {
        long t0 = System.nanoTime();
        ops.col2im(cols, dx, batch, channels, height, width, kernel, stride, padding);
        other("col2im", t0);
    }

    @Override
    public void batchedTranspose(FloatBuffer in, FloatBuffer out, int batch, int rows, int cols) {
        long t0 = System.nanoTime();
        ops.batchedTranspose(in, out, batch, rows, cols);
        other("batchedTranspose", t0);
    }

    @Override
    public void reluForward(FloatBuffer z, FloatBuffer h, long n) {
        long t0 = System.nanoTime();
        ops.reluForward(z, h, n);
        other("reluForward", t0);
    }

    @Override
    public void reluBackward(FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        long t0 = System.nanoTime();
        ops.reluBackward(z, dh, dz, n);
        other("reluBackward", t0);
    }

    @Override
    public void reluTauForward(float tau, FloatBuffer z, FloatBuffer h, long n) {
        long t0 = System.nanoTime();
        ops.reluTauForward(tau, z, h, n);
        other("reluTauForward", t0);
    }

    @Override
    public void reluTauBackward(float tau, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        long t0 = System.nanoTime();
        ops.reluTauBackward(tau, z, dh, dz, n);
        other("reluTauBackward", t0);
    }

    @Override
    public void stForward(float tau, FloatBuffer z, FloatBuffer h, long n) {
        long t0 = System.nanoTime();
        ops.stForward(tau, z, h, n);
        other("stForward", t0);
    }

    @Override
    public void stBackward(float tau, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        long t0 = System.nanoTime();
        ops.stBackward(tau, z, dh, dz, n);
        other("stBackward", t0);
    }

    @Override
    public void creluForward(float tau, float clip, FloatBuffer z, FloatBuffer h, long n) {
        long t0 = System.nanoTime();
        ops.creluForward(tau, clip, z, h, n);
        other("creluForward", t0);
    }

    @Override
    public void creluBackward(float tau, float clip, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        long t0 = System.nanoTime();
        ops.creluBackward(tau, clip, z, dh, dz, n);
        other("creluBackward", t0);
    }

    @Override
    public void cstForward(float tau, float clip, FloatBuffer z, FloatBuffer h, long n) {
        long t0 = System.nanoTime();
        ops.cstForward(tau, clip, z, h, n);
        other("cstForward", t0);
    }

    @Override
    public void cstBackward(float tau, float clip, FloatBuffer z, FloatBuffer dh, FloatBuffer dz, long n) {
        long t0 = System.nanoTime();
        ops.cstBackward(tau, clip, z, dh, dz, n);
        other("cstBackward", t0);
    }

    @Override
    public ActivationStats activationStats(Activation activation, FloatBuffer z, long n) {
        long t0 = System.nanoTime();
        ActivationStats stats = ops.activationStats(activation, z, n);
        other("activationStats", t0);
        return stats;
    }

    @Override
    public void softmaxCrossEntropy(
            FloatBuffer logits,
            IntBuffer labels,
            FloatBuffer dlogits,
            int rows,
            int classes,
            float gradScale,
            LossAccumulator into) {
        long t0 = System.nanoTime();
        ops.softmaxCrossEntropy(logits, labels, dlogits, rows, classes, gradScale, into);
        other("softmaxCrossEntropy", t0);
    }

    @Override
    public void sgdMomentumStep(
            FloatBuffer param,
            FloatBuffer grad,
            FloatBuffer velocity,
            long n,
            float lr,
            float momentum,
            float weightDecay,
            boolean nesterov) {
        long t0 = System.nanoTime();
        ops.sgdMomentumStep(param, grad, velocity, n, lr, momentum, weightDecay, nesterov);
        other("sgdMomentumStep", t0);
    }

    @Override
    public void adamStep(
            FloatBuffer param,
            FloatBuffer grad,
            FloatBuffer m,
            FloatBuffer v,
            long n,
            float lr,
            float beta1,
            float beta2,
            float eps,
            float weightDecay,
            long t) {
        long t0 = System.nanoTime();
        ops.adamStep(param, grad, m, v, n, lr, beta1, beta2, eps, weightDecay, t);
        other("adamStep", t0);
    }

    @Override
    public double sumOfSquares(FloatBuffer x, long n) {
        long t0 = System.nanoTime();
        double sum = ops.sumOfSquares(x, n);
        other("sumOfSquares", t0);
        return sum;
    }

    @Override
    public void scale(FloatBuffer x, long n, float factor) {
        long t0 = System.nanoTime();
        ops.scale(x, n, factor);
        other("scale", t0);
    }

    @Override
    public void close() {
        ops.close();
    }
}
