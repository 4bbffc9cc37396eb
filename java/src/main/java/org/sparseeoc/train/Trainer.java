package org.sparseeoc.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sparseeoc.backend.ActivationStats;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.nn.Network;

/**
 * The training loop: epochs of shuffled batches, forward, loss, backward, optional global-norm
 * gradient clipping, one optimizer step; metrics rows at step 0, every k steps if asked and at
 * every epoch end; checkpoints at every epoch end and every k steps if asked; divergence (a
 * non-finite loss, or a hidden layer's mean z² beyond the bound) ends the run with status DIVERGED.
 *
 * <p>Exactness: given the same seed and thread count, every non-timing number is bit-identical
 * between runs, and a run resumed from a checkpoint continues exactly as the uninterrupted run
 * would have (the data order is a function of the epoch; the running totals since the last metrics
 * row are part of the checkpoint).
 */
public final class Trainer {
    private final Ops ops;
    private final Network net;
    private final Optimizer optimizer;
    private final LearningRate learningRate;
    private final BatchSource data;
    private final TrainingSettings settings;
    private final TrainingListener listener;

    private final float[] x; // host batch [batchSize × features]
    private final int[] y; // host labels [batchSize]
    private final int stepsPerEpoch;
    private final List<MetricsRow> rows = new ArrayList<>();
    private final LossAccumulator running = new LossAccumulator(); // since the last metrics row
    private final LossAccumulator batchLoss = new LossAccumulator(); // the current step's batch
    private final LossAccumulator testLoss = new LossAccumulator(); // one evaluation pass

    private long startNanos;
    private long trainNanosSinceRow;
    private long examplesSinceRowForSpeed;
    private double lastLearningRate;

    public Trainer(
            Ops ops,
            Network net,
            Optimizer optimizer,
            LearningRate learningRate,
            BatchSource data,
            TrainingSettings settings,
            TrainingListener listener) {
        if (settings.batchSize() > net.maxBatch()) {
            throw new IllegalArgumentException(
                    "batch size " + settings.batchSize() + " exceeds the network's " + net.maxBatch());
        }
        if (data.features() != net.shape().inputs()
                || data.classes() != net.shape().classes()) {
            throw new IllegalArgumentException(
                    "data has " + data.features() + " features and " + data.classes() + " classes; the network expects "
                            + net.shape().inputs() + " and " + net.shape().classes());
        }
        this.ops = ops;
        this.net = net;
        this.optimizer = optimizer;
        this.learningRate = learningRate;
        this.data = data;
        this.settings = settings;
        this.listener = listener;
        this.x = new float[settings.batchSize() * data.features()];
        this.y = new int[settings.batchSize()];
        this.stepsPerEpoch = (data.trainCount() + settings.batchSize() - 1) / settings.batchSize();
    }

    /**
     * Trains, either from scratch or continuing from {@code resume} (whose parameters and optimizer
     * state are loaded first).
     */
    public TrainingResult run(Optional<Checkpoint> resume) throws IOException {
        startNanos = System.nanoTime();
        int startEpoch = 0;
        int startStep = 0;
        long step = 0;
        running.reset();
        if (resume.isPresent()) {
            Checkpoint c = resume.get();
            if (c.stepInEpoch() >= stepsPerEpoch
                    || c.epoch() > settings.epochs()
                    || c.globalStep() != (long) c.epoch() * stepsPerEpoch + c.stepInEpoch()) {
                throw new IllegalArgumentException(
                        "checkpoint at epoch %d, step %d (%d steps done) does not fit this run's %d steps per epoch and %d epochs: the data or the spec changed since it was written"
                                .formatted(
                                        c.epoch(), c.stepInEpoch(), c.globalStep(), stepsPerEpoch, settings.epochs()));
            }
            net.setParameters(c.parameters());
            optimizer.restoreState(c.optimizerState(), c.globalStep());
            rows.addAll(MetricsJson.parse(c.metricsLines()));
            startEpoch = c.epoch();
            startStep = c.stepInEpoch();
            step = c.globalStep();
            running.set(
                    c.running().lossSum(), c.running().correct(), c.running().examples());
        } else {
            MetricsRow initial = evaluate(0, 0);
            Optional<TrainingResult> diverged = checkLayers(initial, 0);
            if (diverged.isPresent()) {
                return diverged.get();
            }
        }
        for (int epoch = startEpoch; epoch < settings.epochs(); epoch++) {
            for (int b = epoch == startEpoch ? startStep : 0; b < stepsPerEpoch; b++) {
                long t0 = System.nanoTime();
                int rowsInBatch = data.trainBatch(epoch, b, settings.batchSize(), x, y);
                net.setBatch(x, y, rowsInBatch);
                net.forward(rowsInBatch);
                batchLoss.reset();
                net.loss(rowsInBatch, batchLoss);
                if (!Double.isFinite(batchLoss.lossSum())) {
                    return diverged(
                            step + 1, firstBadLayer(rowsInBatch), "non-finite training loss in step " + (step + 1));
                }
                running.add(batchLoss);
                net.backward(rowsInBatch);
                clipGradients();
                lastLearningRate = learningRate.at(epoch, b, stepsPerEpoch);
                optimizer.step(net.parameters(), net.gradients(), (float) lastLearningRate);
                step++;
                trainNanosSinceRow += System.nanoTime() - t0;
                examplesSinceRowForSpeed += rowsInBatch;
                listener.onStep(epoch, b, stepsPerEpoch, batchLoss.meanLoss(), batchLoss.accuracy());
                boolean epochEnd = b == stepsPerEpoch - 1;
                if (!epochEnd && settings.metricsEverySteps() > 0 && step % settings.metricsEverySteps() == 0) {
                    MetricsRow row = evaluate(epoch, step);
                    Optional<TrainingResult> diverged = checkLayers(row, step);
                    if (diverged.isPresent()) {
                        return diverged.get();
                    }
                }
                if (!epochEnd && settings.checkpointEverySteps() > 0 && step % settings.checkpointEverySteps() == 0) {
                    listener.onCheckpoint(checkpoint(epoch, b + 1, step));
                }
            }
            MetricsRow row = evaluate(epoch + 1, step);
            Optional<TrainingResult> diverged = checkLayers(row, step);
            if (diverged.isPresent()) {
                return diverged.get();
            }
            listener.onCheckpoint(checkpoint(epoch + 1, 0, step));
        }
        return new TrainingResult(RunStatus.COMPLETED, -1, -1, "", rows);
    }

    private Checkpoint checkpoint(int epoch, int stepInEpoch, long step) {
        RunningTotals totals = new RunningTotals(running.lossSum(), running.correct(), running.examples());
        return new Checkpoint(
                epoch,
                stepInEpoch,
                step,
                Checkpoint.backendOf(ops.info()),
                totals,
                net.getParameters(),
                optimizer.saveState(),
                MetricsJson.lines(rows));
    }

    /** Scales the gradient down to the configured global L2 norm when it is larger. */
    private void clipGradients() {
        if (settings.gradClip() == 0) {
            return;
        }
        long n = net.shape().parameterCount();
        double norm = Math.sqrt(ops.sumOfSquares(net.gradients(), n));
        if (norm > settings.gradClip()) {
            ops.scale(net.gradients(), n, (float) (settings.gradClip() / norm));
        }
    }

    /**
     * Computes, records and publishes a metrics row from the running training totals (which it then
     * resets) and a pass over the test set.
     */
    private MetricsRow evaluate(int epoch, long step) throws IOException {
        testLoss.reset();
        int testBatches = (data.testCount() + settings.batchSize() - 1) / settings.batchSize();
        for (int b = 0; b < testBatches; b++) {
            int n = data.testBatch(b, settings.batchSize(), x, y);
            net.setBatch(x, y, n);
            net.forward(n);
            net.loss(n, testLoss);
        }
        List<ActivationStats> train = layerStats(true);
        List<ActivationStats> test = layerStats(false);
        List<LayerMetrics> layers = new ArrayList<>();
        double trainZeros = 0;
        double testZeros = 0;
        for (int l = 0; l < train.size(); l++) {
            ActivationStats tr = train.get(l);
            ActivationStats te = test.get(l);
            layers.add(new LayerMetrics(
                    l,
                    tr.zeroFraction(),
                    te.zeroFraction(),
                    tr.clippedFraction(),
                    te.clippedFraction(),
                    tr.meanSquare(),
                    te.meanSquare()));
            trainZeros += tr.zeroFraction() / train.size();
            testZeros += te.zeroFraction() / train.size();
        }
        double seconds = trainNanosSinceRow / 1e9;
        MetricsRow row = new MetricsRow(
                epoch,
                step,
                step == 0 ? 0 : lastLearningRate,
                running.meanLoss(),
                running.accuracy(),
                testLoss.meanLoss(),
                testLoss.accuracy(),
                trainZeros,
                testZeros,
                layers,
                seconds > 0 ? examplesSinceRowForSpeed / seconds : Double.NaN,
                (System.nanoTime() - startNanos) / 1e9);
        trainNanosSinceRow = 0;
        examplesSinceRowForSpeed = 0;
        running.reset();
        rows.add(row);
        listener.onMetrics(row);
        return row;
    }

    /** Per-layer statistics summed over the first statsBatches batches of train or test data. */
    private List<ActivationStats> layerStats(boolean train) {
        List<ActivationStats> total = null;
        int count = train ? data.trainCount() : data.testCount();
        int batches = Math.min(settings.statsBatches(), (count + settings.batchSize() - 1) / settings.batchSize());
        for (int b = 0; b < batches; b++) {
            int n = train
                    ? data.fixedTrainBatch(b, settings.batchSize(), x, y)
                    : data.testBatch(b, settings.batchSize(), x, y);
            net.setBatch(x, y, n);
            net.forward(n);
            List<ActivationStats> stats = net.hiddenStats(n);
            if (total == null) {
                total = new ArrayList<>(stats);
            } else {
                for (int l = 0; l < stats.size(); l++) {
                    total.set(l, total.get(l).plus(stats.get(l)));
                }
            }
        }
        return total;
    }

    /** DIVERGED if any layer's variance in {@code row} is non-finite or beyond the bound. */
    private Optional<TrainingResult> checkLayers(MetricsRow row, long step) {
        for (LayerMetrics layer : row.layers()) {
            double worst = Math.max(layer.trainVariance(), layer.testVariance());
            if (!(worst <= settings.maxVariance())) {
                return Optional.of(diverged(
                        step,
                        layer.layer(),
                        "layer %d mean z^2 = %.4g exceeds the bound %.4g"
                                .formatted(layer.layer(), worst, settings.maxVariance())));
            }
        }
        if (!Double.isFinite(row.testLoss())) {
            return Optional.of(diverged(step, -1, "non-finite test loss"));
        }
        return Optional.empty();
    }

    /** The first hidden layer of the current batch whose mean z² is non-finite or too large. */
    private int firstBadLayer(int rowsInBatch) {
        List<ActivationStats> stats = net.hiddenStats(rowsInBatch);
        for (int l = 0; l < stats.size(); l++) {
            if (!(stats.get(l).meanSquare() <= settings.maxVariance())) {
                return l;
            }
        }
        return -1;
    }

    private TrainingResult diverged(long step, int layer, String reason) {
        return new TrainingResult(RunStatus.DIVERGED, step, layer, reason, rows);
    }
}
