package org.sparseeoc.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cpu.CpuSparseOps;
import org.sparseeoc.nn.Mlp;
import org.sparseeoc.nn.MlpShape;
import org.sparseeoc.nn.SparseDispatch;
import org.sparseeoc.train.SgdMomentum;

/**
 * End-to-end training throughput of MLPs with sparse dispatch on against off: several
 * configurations (workload + dispatch) timed side by side in one process. The machine may be
 * shared, so the configurations are interleaved, round after round (each round times a few steps
 * of each), and each one's median over rounds is reported: a stretch of load then hits every
 * configuration alike instead of whichever happened to run during it.
 */
public final class SparseTrainBenchmark {
    private SparseTrainBenchmark() {}

    /**
     * One configuration.
     *
     * @param workload the network, its parameters and the fixed batch (an MLP)
     * @param dispatch dense or sparse products
     */
    public record Config(TrainBenchmark.Workload workload, SparseDispatch dispatch) {
        public Config {
            if (!(workload.shape() instanceof MlpShape)) {
                throw new IllegalArgumentException("sparse dispatch applies to MLPs, got " + workload.shape());
            }
        }
    }

    /**
     * One configuration's figures.
     *
     * @param config what was timed
     * @param medianStepNanos median over rounds of the mean step time in a round
     * @param p10StepNanos 10th percentile over rounds
     * @param p90StepNanos 90th percentile over rounds
     * @param samplesPerSecond batch / median step time
     * @param sparseFraction fraction of layer-steps whose forward and weight gradient were sparse
     * @param maskedFraction fraction of layer-steps whose input gradient was masked
     * @param steps timed steps in all
     */
    public record Result(
            Config config,
            double medianStepNanos,
            double p10StepNanos,
            double p90StepNanos,
            double samplesPerSecond,
            double sparseFraction,
            double maskedFraction,
            int steps) {}

    /**
     * Times {@code configs}: {@code warmupSteps} steps of each, then {@code rounds} rounds of {@code
     * stepsPerRound} steps of each, SGD momentum 0.9 at lr 1e-3 on the fixed batch.
     */
    public static List<Result> run(CpuOps ops, List<Config> configs, int warmupSteps, int rounds, int stepsPerRound) {
        if (warmupSteps < 0 || rounds < 1 || stepsPerRound < 1) {
            throw new IllegalArgumentException("need warmupSteps >= 0, rounds >= 1 and stepsPerRound >= 1");
        }
        List<Mlp> nets = new ArrayList<>();
        List<SgdMomentum> optimizers = new ArrayList<>();
        // One set of sparse products for all nets: they run one after another, like the products.
        CpuSparseOps sparse = new CpuSparseOps(ops);
        try {
            for (Config c : configs) {
                TrainBenchmark.Workload w = c.workload();
                Mlp net = new Mlp(ops, (MlpShape) w.shape(), w.activation(), w.batch(), sparse, c.dispatch());
                nets.add(net);
                optimizers.add(new SgdMomentum(ops, w.shape().parameterCount(), 0.9, 0, false));
                net.setParameters(w.parameters());
            }
            double[][] perRound = new double[configs.size()][rounds];
            for (int i = 0; i < configs.size(); i++) {
                for (int s = 0; s < warmupSteps; s++) {
                    step(nets.get(i), optimizers.get(i), configs.get(i).workload());
                }
            }
            long[] before = new long[configs.size()];
            long[] sparseBefore = new long[configs.size()];
            long[] maskedBefore = new long[configs.size()];
            for (int i = 0; i < configs.size(); i++) {
                before[i] = nets.get(i).sparseUsage().layerSteps();
                sparseBefore[i] = nets.get(i).sparseUsage().sparseProducts();
                maskedBefore[i] = nets.get(i).sparseUsage().maskedInputGradients();
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < configs.size(); i++) {
                    long t0 = System.nanoTime();
                    for (int s = 0; s < stepsPerRound; s++) {
                        step(nets.get(i), optimizers.get(i), configs.get(i).workload());
                    }
                    perRound[i][r] = (double) (System.nanoTime() - t0) / stepsPerRound;
                }
            }
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < configs.size(); i++) {
                double[] sorted = perRound[i].clone();
                Arrays.sort(sorted);
                double median = Timing.quantile(sorted, 0.5);
                var usage = nets.get(i).sparseUsage();
                double layerSteps = usage.layerSteps() - before[i];
                results.add(new Result(
                        configs.get(i),
                        median,
                        Timing.quantile(sorted, 0.1),
                        Timing.quantile(sorted, 0.9),
                        configs.get(i).workload().batch() / (median * 1e-9),
                        (usage.sparseProducts() - sparseBefore[i]) / layerSteps,
                        (usage.maskedInputGradients() - maskedBefore[i]) / layerSteps,
                        rounds * stepsPerRound));
            }
            return results;
        } finally {
            nets.forEach(Mlp::close);
            optimizers.forEach(SgdMomentum::close);
            sparse.close();
        }
    }

    /** One training step on the fixed batch; fails on a non-finite loss. */
    private static void step(Mlp net, SgdMomentum sgd, TrainBenchmark.Workload work) {
        int batch = work.batch();
        LossAccumulator loss = new LossAccumulator();
        net.setBatch(work.x(), work.y(), batch);
        net.forward(batch);
        net.loss(batch, loss);
        if (!Double.isFinite(loss.lossSum())) {
            throw new IllegalStateException(work.name() + ": non-finite loss");
        }
        net.backward(batch);
        sgd.step(net.parameters(), net.gradients(), 1e-3f);
    }
}
