package org.sparseeoc.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.SparseOps;
import org.sparseeoc.nn.Network;
import org.sparseeoc.nn.NetworkShape;
import org.sparseeoc.nn.SparseDispatch;
import org.sparseeoc.train.SgdMomentum;

/**
 * Training throughput of a network (MLP or CNN) on one fixed batch: one full step is upload,
 * forward, loss, backward and an SGD-momentum update. Reports samples/s, the share of the step spent
 * in GEMM and the rate the products reach inside the step, against the rate raw OpenBLAS reaches on
 * the step's own GEMM shapes (recorded from one instrumented step) in the same run.
 */
public final class TrainBenchmark {
    private static final int INSTRUMENTED_STEPS = 50;

    /** The name of the share of a step outside the timed ops (the sparse products, with sparse ops). */
    public static final String SPARSE_SHARE = "sparse products (untimed remainder)";

    private TrainBenchmark() {}

    /**
     * What to time.
     *
     * @param name what the printout calls it
     * @param shape the network
     * @param activation its hidden activation
     * @param parameters initial parameters in the shape's layout
     * @param x one batch [batch × inputs]
     * @param y its labels [batch]
     * @param batch rows in the batch, ≥ 1
     */
    public record Workload(
            String name, NetworkShape shape, Activation activation, float[] parameters, float[] x, int[] y, int batch) {
        public Workload {
            if (batch < 1 || x.length != batch * shape.inputs() || y.length != batch) {
                throw new IllegalArgumentException("workload needs batch >= 1 rows of " + shape.inputs()
                        + " inputs and labels, got batch " + batch + ", " + x.length + " inputs, " + y.length
                        + " labels");
            }
        }
    }

    /**
     * One configuration's figures.
     *
     * @param step per-step timing (median over batches)
     * @param samplesPerSecond batch / median step time
     * @param gemmShare fraction of an instrumented step's time spent in GEMM
     * @param gemmGflopsInStep GEMM FLOPs / GEMM time inside the training step
     * @param gemmGflopsRaw the same FLOPs / the time raw GEMM calls of those shapes take (median)
     * @param bytesAllocatedPerStep Java heap bytes the calling thread allocated per step after warm-up
     * @param otherShares the fraction of an instrumented step's time in each non-GEMM op, largest first
     */
    public record Result(
            Timing step,
            double samplesPerSecond,
            double gemmShare,
            double gemmGflopsInStep,
            double gemmGflopsRaw,
            double bytesAllocatedPerStep,
            Map<String, Double> otherShares) {
        public Result {
            otherShares = Collections.unmodifiableMap(new LinkedHashMap<>(otherShares));
        }
    }

    /** Times dense training steps of {@code work} on {@code ops}. */
    public static Result run(Ops ops, Workload work, double warmupSeconds, int batches) {
        return run(ops, work, null, SparseDispatch.DENSE, warmupSeconds, batches);
    }

    /**
     * Times training steps of {@code work} on {@code ops}, an MLP dispatching to {@code sparseOps} (of
     * {@code ops}; null for dense only) by {@code dispatch}. The sparse products do not go through
     * {@link Ops}, so the instrumented step cannot time them op by op: their time is what remains of
     * the step's wall time after the timed ops, reported as the share {@value #SPARSE_SHARE}.
     */
    public static Result run(
            Ops ops, Workload work, SparseOps sparseOps, SparseDispatch dispatch, double warmupSeconds, int batches) {
        Timing timing;
        double allocated;
        try (Network net = Network.create(ops, work.shape(), work.activation(), work.batch(), sparseOps, dispatch);
                SgdMomentum sgd = new SgdMomentum(ops, work.shape().parameterCount(), 0.9, 0, false)) {
            Runnable step = step(net, sgd, work);
            timing = Timing.measure(work.name(), step, (long) (warmupSeconds * 1e9), 300_000_000L, batches);
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
        List<GemmBenchmark.Shape> calls;
        long wall;
        try (Network net = Network.create(timed, work.shape(), work.activation(), work.batch(), sparseOps, dispatch);
                SgdMomentum sgd = new SgdMomentum(timed, work.shape().parameterCount(), 0.9, 0, false)) {
            Runnable step = step(net, sgd, work);
            timed.startRecording();
            step.run();
            calls = timed.stopRecording();
            for (int i = 0; i < INSTRUMENTED_STEPS; i++) {
                step.run(); // warm-up of this copy
            }
            timed.reset();
            long t0 = System.nanoTime();
            for (int i = 0; i < INSTRUMENTED_STEPS; i++) {
                step.run();
            }
            wall = System.nanoTime() - t0;
        }
        double untimed = Math.max(0, wall - timed.gemmNanos() - timed.otherNanos());
        double total = timed.gemmNanos() + timed.otherNanos() + (sparseOps == null ? 0 : untimed);
        double share = timed.gemmNanos() / total;
        Map<String, Double> others = new LinkedHashMap<>();
        timed.otherNanosByOp().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> others.put(e.getKey(), e.getValue() / total));
        if (sparseOps != null) {
            others.put(SPARSE_SHARE, untimed / total);
        }
        double inStep = timed.gemmFlops() / (timed.gemmNanos() * 1e-9) / 1e9;
        double raw = rawGemmRate(ops, calls, warmupSeconds, batches);
        return new Result(timing, work.batch() / (timing.medianNanos() * 1e-9), share, inStep, raw, allocated, others);
    }

    /** One training step on the fixed batch; checks once that the loss is finite. */
    private static Runnable step(Network net, SgdMomentum sgd, Workload work) {
        int batch = work.batch();
        net.setParameters(work.parameters());
        net.setBatch(work.x(), work.y(), batch);
        net.forward(batch);
        LossAccumulator loss = new LossAccumulator();
        net.loss(batch, loss);
        if (!Double.isFinite(loss.lossSum())) {
            throw new IllegalStateException("benchmark network gives a non-finite loss");
        }
        return () -> {
            net.setBatch(work.x(), work.y(), batch);
            net.forward(batch);
            loss.reset();
            net.loss(batch, loss);
            net.backward(batch);
            sgd.step(net.parameters(), net.gradients(), 1e-3f);
        };
    }

    /** GFLOP/s of raw GEMM over one training step's products (each shape weighted by its count). */
    private static double rawGemmRate(Ops ops, List<GemmBenchmark.Shape> calls, double warmupSeconds, int batches) {
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
