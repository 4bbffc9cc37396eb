package org.sparseeoc.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.sparseeoc.train.Checkpoint;
import org.sparseeoc.train.MetricsRow;
import org.sparseeoc.train.TrainingListener;

/**
 * Shows a training run to a person: a progress bar (epoch, step, batch loss and accuracy, sparsity
 * at the last metrics row) when the console is a terminal,
 * and one summary line per metrics row (loss, accuracy, mean sparsity) unless quiet.
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {
    private final PrintWriter out;
    private final boolean quiet;
    private final boolean bar;
    private final int epochs;
    private ProgressBar progress;
    private int barEpoch = -1;
    private double lastZeros = Double.NaN; // mean fraction of exact zeros at the last metrics row
    private long lastMessageNanos;
    private static final long MESSAGE_INTERVAL_NANOS = 250_000_000L;

    TrainingProgress(PrintWriter out, boolean quiet, int epochs) {
        this.out = out;
        this.quiet = quiet;
        this.epochs = epochs;
        this.bar = !quiet && System.console() != null && System.console().isTerminal();
    }

    @Override
    public void onStep(int epoch, int stepInEpoch, int stepsPerEpoch, double loss, double accuracy) {
        if (!bar) {
            return;
        }
        if (epoch != barEpoch) {
            closeBar();
            progress = new ProgressBarBuilder()
                    .setTaskName("epoch " + (epoch + 1) + "/" + epochs)
                    .setInitialMax(stepsPerEpoch)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .build();
            barEpoch = epoch;
        }
        progress.stepTo(stepInEpoch + 1);
        long now = System.nanoTime();
        if (now - lastMessageNanos > MESSAGE_INTERVAL_NANOS || stepInEpoch + 1 == stepsPerEpoch) {
            // Formatting allocates: do it at the bar's own refresh rate, not on every step.
            progress.setExtraMessage("loss %.4f acc %.3f zeros %.3f".formatted(loss, accuracy, lastZeros));
            lastMessageNanos = now;
        }
    }

    @Override
    public void onMetrics(MetricsRow row) {
        lastZeros = row.meanTrainZeros();
        if (quiet) {
            return;
        }
        closeBar();
        if (row.step() == 0) {
            out.printf(
                    "init: test loss %.4f acc %.4f | zeros %.3f (test %.3f)%n",
                    row.testLoss(), row.testAccuracy(), row.meanTrainZeros(), row.meanTestZeros());
        } else {
            out.printf(
                    "epoch %d step %d: train loss %.4f acc %.4f | test loss %.4f acc %.4f | zeros %.3f (test %.3f) | %.0f samples/s%n",
                    row.epoch(),
                    row.step(),
                    row.trainLoss(),
                    row.trainAccuracy(),
                    row.testLoss(),
                    row.testAccuracy(),
                    row.meanTrainZeros(),
                    row.meanTestZeros(),
                    row.samplesPerSecond());
        }
        out.flush();
    }

    @Override
    public void onCheckpoint(Checkpoint checkpoint) {}

    private void closeBar() {
        if (progress != null) {
            progress.close();
            progress = null;
            barEpoch = -1;
        }
    }

    @Override
    public void close() {
        closeBar();
    }
}
