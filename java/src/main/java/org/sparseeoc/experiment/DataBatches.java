package org.sparseeoc.experiment;

import org.sparseeoc.data.Batcher;
import org.sparseeoc.data.PixelNormalizer;
import org.sparseeoc.data.Split;
import org.sparseeoc.train.BatchSource;

/**
 * A train/test split as the trainer sees it: normalised pixels, multiplied by the input scale
 * (chosen so the first layer's pre-activation variance at init is about q*), batched by {@link
 * Batcher}s — a shuffled one for training (order a function of (seed, epoch)), sequential ones for
 * the fixed statistics batches and the test set.
 *
 * <p>Public (constructed only here) so that the probe can read the fixed training batches.
 */
public final class DataBatches implements BatchSource {
    private final Split split;
    private final Batcher train;
    private final Batcher fixedTrain;
    private final Batcher test;
    private final int batchSize;
    private final float scale;

    DataBatches(Split split, PixelNormalizer normalizer, int batchSize, long seed, double scale) {
        this.split = split;
        this.batchSize = batchSize;
        this.scale = (float) scale;
        this.train = Batcher.shuffled(split.train(), normalizer, batchSize, seed);
        this.fixedTrain = Batcher.sequential(split.train(), normalizer, batchSize);
        this.test = Batcher.sequential(split.test(), normalizer, batchSize);
    }

    /** E‖x‖² of the normalised (unscaled) training inputs, the basis of the input scale. */
    static double meanSquaredNorm(Split split, PixelNormalizer normalizer, int batchSize) {
        Batcher all = Batcher.sequential(split.train(), normalizer, batchSize);
        int features = split.train().features();
        float[] x = new float[batchSize * features];
        int[] y = new int[batchSize];
        double sum = 0;
        for (int b = 0; b < all.batchesPerEpoch(); b++) {
            int rows = all.fill(0, b, x, y);
            for (int i = 0; i < rows * features; i++) {
                sum += (double) x[i] * x[i];
            }
        }
        return sum / split.train().count();
    }

    @Override
    public int features() {
        return split.train().features();
    }

    @Override
    public int classes() {
        return split.train().classes();
    }

    @Override
    public int trainCount() {
        return split.train().count();
    }

    @Override
    public int testCount() {
        return split.test().count();
    }

    @Override
    public int trainBatch(int epoch, int batch, int size, float[] x, int[] y) {
        return scaled(train, epoch, batch, size, x, y);
    }

    @Override
    public int fixedTrainBatch(int batch, int size, float[] x, int[] y) {
        return scaled(fixedTrain, 0, batch, size, x, y);
    }

    @Override
    public int testBatch(int batch, int size, float[] x, int[] y) {
        return scaled(test, 0, batch, size, x, y);
    }

    private int scaled(Batcher batcher, int epoch, int batch, int size, float[] x, int[] y) {
        if (size != batchSize) {
            throw new IllegalArgumentException("batch size " + size + " != the batchers' " + batchSize);
        }
        int rows = batcher.fill(epoch, batch, x, y);
        if (scale != 1f) {
            for (int i = 0, n = rows * features(); i < n; i++) {
                x[i] *= scale;
            }
        }
        return rows;
    }
}
