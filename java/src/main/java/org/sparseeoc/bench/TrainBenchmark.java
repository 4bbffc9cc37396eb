package org.sparseeoc.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.Transpose;
import org.sparseeoc.nn.InitScheme;
import org.sparseeoc.nn.Initializer;
import org.sparseeoc.nn.Mlp;
import org.sparseeoc.nn.MlpShape;
import org.sparseeoc.nn.WeightDistribution;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.EocSolver;
import org.sparseeoc.train.SgdMomentum;

/**
 * Training throughput of a 784-width×depth-10 MLP on random inputs: one full step is upload,
 * forward, loss, backward and an SGD-momentum update. Reports samples/s, the share of the step spent
 * in GEMM and the rate the products reach inside the step, against the rate raw OpenBLAS reaches on
 * the same shapes in the same run.
 */
public final class TrainBenchmark {
    private static final int INSTRUMENTED_STEPS = 50;

    private TrainBenchmark() {}

    /**
     * One configuration's figures.
     *
     * @param step per-step timing (median over batches)
     * @param samplesPerSecond batch / median step time
     * @param gemmShare fraction of an instrumented step's time spent in GEMM
     * @param gemmGflopsInStep GEMM FLOPs / GEMM time inside the training step
     * @param gemmGflopsRaw the same FLOPs / the time raw GEMM calls of those shapes take (median)
     * @param bytesAllocatedPerStep Java heap bytes the calling thread allocated per step after warm-up
     */
    public record Result(
            Timing step,
            double samplesPerSecond,
            double gemmShare,
            double gemmGflopsInStep,
            double gemmGflopsRaw,
            double bytesAllocatedPerStep) {}

    /** Times training steps of {@code shape} with activation from {@code request} on {@code ops}. */
    public static Result run(
            Ops ops, EocRequest request, MlpShape shape, int batch, double warmupSeconds, int batches) {
        EocInit eoc = EocSolver.solve(request);
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[batch * shape.inputs()];
        int[] y = new int[batch];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < batch; i++) {
            y[i] = random.nextInt(shape.classes());
        }
        String name = "%s %d-%dx%d-%d batch %d"
                .formatted(
                        request.kind().cliName(), shape.inputs(), shape.width(), shape.depth(), shape.classes(), batch);
        Timing timing;
        double allocated;
        try (Mlp mlp = new Mlp(ops, shape, eoc.activation(), batch);
                SgdMomentum sgd = new SgdMomentum(ops, shape.parameterCount(), 0.9, 0, false)) {
            Runnable step = step(mlp, sgd, eoc, x, y, batch);
            timing = Timing.measure(name, step, (long) (warmupSeconds * 1e9), 300_000_000L, batches);
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < INSTRUMENTED_STEPS; i++) {
                step.run();
            }
            allocated = (double) (threads.getCurrentThreadAllocatedBytes() - before) / INSTRUMENTED_STEPS;
        }
        // The GEMM share needs every op timed: a second copy of the network on a timing decorator.
        TimedOps timed = new TimedOps(ops);
        try (Mlp mlp = new Mlp(timed, shape, eoc.activation(), batch);
                SgdMomentum sgd = new SgdMomentum(timed, shape.parameterCount(), 0.9, 0, false)) {
            Runnable step = step(mlp, sgd, eoc, x, y, batch);
            for (int i = 0; i < INSTRUMENTED_STEPS; i++) {
                step.run(); // warm-up of this copy
            }
            timed.reset();
            for (int i = 0; i < INSTRUMENTED_STEPS; i++) {
                step.run();
            }
        }
        double share = (double) timed.gemmNanos() / (timed.gemmNanos() + timed.otherNanos());
        double inStep = timed.gemmFlops() / (timed.gemmNanos() * 1e-9) / 1e9;
        double raw = rawGemmRate(ops, shape, batch, warmupSeconds, batches);
        return new Result(timing, batch / (timing.medianNanos() * 1e-9), share, inStep, raw, allocated);
    }

    /** One training step on fixed data; checks once that the loss is finite. */
    private static Runnable step(Mlp mlp, SgdMomentum sgd, EocInit eoc, float[] x, int[] y, int batch) {
        mlp.setParameters(Initializer.draw(mlp.shape(), InitScheme.EOC, WeightDistribution.GAUSSIAN, eoc, 1));
        mlp.setBatch(x, y, batch);
        mlp.forward(batch);
        LossAccumulator loss = new LossAccumulator();
        mlp.loss(batch, loss);
        if (!Double.isFinite(loss.lossSum())) {
            throw new IllegalStateException("benchmark network gives a non-finite loss");
        }
        return () -> {
            mlp.setBatch(x, y, batch);
            mlp.forward(batch);
            loss.reset();
            mlp.loss(batch, loss);
            mlp.backward(batch);
            sgd.step(mlp.parameters(), mlp.gradients(), 1e-3f);
        };
    }

    /** GFLOP/s of raw GEMM over one training step's products (each shape weighted by its count). */
    private static double rawGemmRate(Ops ops, MlpShape shape, int batch, double warmupSeconds, int batches) {
        List<GemmBenchmark.Shape> calls = new ArrayList<>();
        for (int l = 0; l < shape.maps(); l++) {
            int in = shape.fanIn(l);
            int out = shape.fanOut(l);
            calls.add(new GemmBenchmark.Shape("forward", Transpose.NO, Transpose.YES, batch, out, in));
            calls.add(new GemmBenchmark.Shape("weight grad", Transpose.YES, Transpose.NO, out, in, batch));
            if (l > 0) {
                calls.add(new GemmBenchmark.Shape("input grad", Transpose.NO, Transpose.NO, batch, in, out));
            }
        }
        List<GemmBenchmark.Shape> unique = new ArrayList<>(new LinkedHashSet<>(calls));
        List<Throughput> rates = GemmBenchmark.run(ops, unique, warmupSeconds, batches);
        double flops = 0;
        double seconds = 0;
        for (GemmBenchmark.Shape call : calls) {
            Throughput rate = rates.get(unique.indexOf(call));
            flops += call.flops();
            seconds += rate.timing().medianNanos() * 1e-9;
        }
        return flops / seconds / 1e9;
    }
}
