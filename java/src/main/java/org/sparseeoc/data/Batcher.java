package org.sparseeoc.data;

/**
 * Fills caller-provided batch buffers with normalised examples: float inputs, batch-major
 * ({@code x[b·features + f]}), and int labels. Batch {@code i} of an epoch holds the examples at
 * positions i·batchSize … of that epoch's order, which is either the {@link EpochOrder} of a seed
 * (training) or the file order (evaluation). What a call fills depends only on (seed, epoch,
 * batch), never on earlier calls, so training can resume at any (epoch, step).
 *
 * <p>The last batch of an epoch is kept: when batchSize does not divide the count it holds the
 * count mod batchSize examples left over, so every example is seen exactly once per epoch. {@link
 * #fill} returns the batch's length; rows past it are left as they were, and a loss should be
 * averaged over the returned length.
 *
 * <p>After construction nothing is allocated: the order of the current epoch and the 256-entry
 * lookup table of the normaliser are kept. Not thread-safe (the cached order changes with the
 * epoch): use one batcher per thread.
 */
public final class Batcher {
    private final Dataset data;
    private final PixelNormalizer normalizer;
    private final float[] table;
    private final int batchSize;
    private final EpochOrder order; // null: file order
    private final int[] positions;
    private int cachedEpoch = -1;

    private Batcher(Dataset data, PixelNormalizer normalizer, int batchSize, EpochOrder order) {
        if (data == null || normalizer == null) {
            throw new IllegalArgumentException("a batcher needs a data set and a normaliser");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.data = data;
        this.normalizer = normalizer;
        this.table = normalizer.table();
        this.batchSize = batchSize;
        this.order = order;
        this.positions = order == null ? null : new int[data.count()];
    }

    /** Training batches: each epoch in the order {@code new EpochOrder(data.count(), seed)} gives. */
    public static Batcher shuffled(Dataset data, PixelNormalizer normalizer, int batchSize, long seed) {
        return new Batcher(data, normalizer, batchSize, new EpochOrder(data.count(), seed));
    }

    /** Evaluation batches: the examples in file order, the same every epoch. */
    public static Batcher sequential(Dataset data, PixelNormalizer normalizer, int batchSize) {
        return new Batcher(data, normalizer, batchSize, null);
    }

    public Dataset data() {
        return data;
    }

    public PixelNormalizer normalizer() {
        return normalizer;
    }

    /** The size of a full batch, and the rows the buffers must hold. */
    public int batchSize() {
        return batchSize;
    }

    /** Floats per example in the input buffer (C·H·W). */
    public int features() {
        return data.features();
    }

    /** Batches per epoch, the last one possibly partial: ⌈count / batchSize⌉. */
    public int batchesPerEpoch() {
        return (data.count() + batchSize - 1) / batchSize;
    }

    /** Examples in batch {@code batch}: batchSize, or fewer for the last one. */
    public int batchLength(int batch) {
        checkBatch(batch);
        return Math.min(batchSize, data.count() - batch * batchSize);
    }

    /**
     * Fills {@code x[0 .. n·features)} and {@code y[0 .. n)} with batch {@code batch} of {@code epoch}
     * and returns n, the batch's length.
     *
     * @param epoch epoch ≥ 0 (ignored in file order)
     * @param batch 0 ≤ batch &lt; {@link #batchesPerEpoch()}
     * @param x at least batchSize·features floats
     * @param y at least batchSize ints
     */
    public int fill(int epoch, int batch, float[] x, int[] y) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        int features = data.features();
        if (x.length < (long) batchSize * features || y.length < batchSize) {
            throw new IllegalArgumentException("buffers must hold " + batchSize + " x " + features + " inputs and "
                    + batchSize + " labels, got " + x.length + " and " + y.length);
        }
        int length = batchLength(batch);
        if (order != null && epoch != cachedEpoch) {
            order.permutation(epoch, positions);
            cachedEpoch = epoch;
        }
        byte[] pixels = data.rawPixels();
        byte[] labels = data.rawLabels();
        int start = batch * batchSize;
        for (int b = 0; b < length; b++) {
            int example = order == null ? start + b : positions[start + b];
            int from = example * features;
            int to = b * features;
            for (int f = 0; f < features; f++) {
                x[to + f] = table[pixels[from + f] & 0xFF];
            }
            y[b] = labels[example] & 0xFF;
        }
        return length;
    }

    private void checkBatch(int batch) {
        if (batch < 0 || batch >= batchesPerEpoch()) {
            throw new IndexOutOfBoundsException("batch " + batch + " outside 0.." + (batchesPerEpoch() - 1));
        }
    }
}
