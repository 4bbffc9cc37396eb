package org.sparseeoc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatcherTest {
    private static final int COUNT = 1003;
    private static final int BATCH = 64;

    /** Example i has pixels (i mod 256, i / 256) and label i mod 7: its index can be read back from x. */
    private static final Dataset INDEXED = indexed();

    private static Dataset indexed() {
        int[] pixels = new int[2 * COUNT];
        int[] labels = new int[COUNT];
        for (int i = 0; i < COUNT; i++) {
            pixels[2 * i] = i % 256;
            pixels[2 * i + 1] = i / 256;
            labels[i] = i % 7;
        }
        return Dataset.of("indexed", 1, 1, 2, 7, pixels, labels);
    }

    private static final PixelNormalizer RAW = PixelNormalizer.identity(Normalization.NONE);

    /** Indices of the examples in one filled batch, checking each label on the way. */
    private static int[] indices(float[] x, int[] y, int length) {
        int[] indices = new int[length];
        for (int b = 0; b < length; b++) {
            indices[b] = (int) x[2 * b] + 256 * (int) x[2 * b + 1];
            assertEquals(indices[b] % 7, y[b], "label of example " + indices[b]);
        }
        return indices;
    }

    @Test
    void everyEpochCoversEveryExampleOnceInTheEpochOrder() {
        Batcher batcher = Batcher.shuffled(INDEXED, RAW, BATCH, 5);
        assertEquals(16, batcher.batchesPerEpoch()); // 15 full batches and one of 43
        assertEquals(43, batcher.batchLength(15));
        float[] x = new float[BATCH * 2];
        int[] y = new int[BATCH];
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] seen = new int[COUNT];
            int position = 0;
            int[] order = new EpochOrder(COUNT, 5).permutation(epoch);
            for (int batch = 0; batch < batcher.batchesPerEpoch(); batch++) {
                int length = batcher.fill(epoch, batch, x, y);
                assertEquals(batcher.batchLength(batch), length);
                for (int index : indices(x, y, length)) {
                    assertEquals(order[position++], index);
                    seen[index]++;
                }
            }
            assertEquals(COUNT, position);
            for (int i = 0; i < COUNT; i++) {
                assertEquals(1, seen[i], "example " + i + " in epoch " + epoch);
            }
        }
    }

    @Test
    void aBatchDependsOnlyOnSeedEpochAndIndex() {
        // A batcher that has walked through epochs 0..2 and a fresh one (a resumed run) agree.
        Batcher walked = Batcher.shuffled(INDEXED, RAW, BATCH, 9);
        float[] x = new float[BATCH * 2];
        int[] y = new int[BATCH];
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int batch = 0; batch < walked.batchesPerEpoch(); batch++) {
                walked.fill(epoch, batch, x, y);
            }
        }
        Batcher resumed = Batcher.shuffled(INDEXED, RAW, BATCH, 9);
        float[] x2 = new float[BATCH * 2];
        int[] y2 = new int[BATCH];
        for (int[] at : new int[][] {{2, 7}, {0, 3}, {2, 15}, {1, 0}}) {
            walked.fill(at[0], at[1], x, y);
            resumed.fill(at[0], at[1], x2, y2);
            assertArrayEquals(x, x2, Arrays.toString(at));
            assertArrayEquals(y, y2, Arrays.toString(at));
        }
        Batcher otherSeed = Batcher.shuffled(INDEXED, RAW, BATCH, 10);
        otherSeed.fill(2, 7, x2, y2);
        walked.fill(2, 7, x, y);
        assertTrue(!Arrays.equals(x, x2));
    }

    @Test
    void sequentialBatchesFollowFileOrderAndKeepTheLastPartialBatch() {
        Batcher batcher = Batcher.sequential(INDEXED, RAW, BATCH);
        float[] x = new float[BATCH * 2];
        int[] y = new int[BATCH];
        Arrays.fill(x, -1);
        Arrays.fill(y, -1);
        int length = batcher.fill(4, 15, x, y);
        assertEquals(43, length);
        int[] indices = indices(x, y, length);
        for (int b = 0; b < length; b++) {
            assertEquals(15 * BATCH + b, indices[b]);
        }
        // Rows past the batch's length are left as they were.
        assertEquals(-1f, x[2 * length]);
        assertEquals(-1, y[length]);
    }

    @Test
    void inputsAreNormalisedOnTheFly() {
        Dataset data = Dataset.of("d", 1, 1, 3, 2, new int[] {0, 51, 255, 102, 204, 153}, new int[] {1, 0});
        PixelNormalizer unit = PixelNormalizer.identity(Normalization.UNIT);
        float[] x = new float[6];
        int[] y = new int[2];
        assertEquals(2, Batcher.sequential(data, unit, 2).fill(0, 0, x, y));
        assertArrayEquals(new float[] {0f, 0.2f, 1f, 0.4f, 0.8f, 0.6f}, x);
        assertArrayEquals(new int[] {1, 0}, y);
    }

    @Test
    void fillingAllocatesNothing() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Batcher batcher = Batcher.shuffled(INDEXED, RAW, BATCH, 3);
        float[] x = new float[BATCH * 2];
        int[] y = new int[BATCH];
        for (int epoch = 0; epoch < 20; epoch++) { // warm up
            for (int batch = 0; batch < batcher.batchesPerEpoch(); batch++) {
                batcher.fill(epoch, batch, x, y);
            }
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int epoch = 20; epoch < 40; epoch++) {
            for (int batch = 0; batch < batcher.batchesPerEpoch(); batch++) {
                batcher.fill(epoch, batch, x, y);
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // 320 batches and 20 new epoch orders; one SplittableRandom per epoch is all that may appear.
        assertTrue(allocated < 20 * 64 + 1024, allocated + " bytes allocated");
    }

    @Test
    void badArgumentsAreRefused() {
        Batcher batcher = Batcher.shuffled(INDEXED, RAW, BATCH, 3);
        assertThrows(
                IllegalArgumentException.class, () -> batcher.fill(0, 0, new float[BATCH * 2 - 1], new int[BATCH]));
        assertThrows(
                IllegalArgumentException.class, () -> batcher.fill(0, 0, new float[BATCH * 2], new int[BATCH - 1]));
        assertThrows(IllegalArgumentException.class, () -> batcher.fill(-1, 0, new float[BATCH * 2], new int[BATCH]));
        assertThrows(IndexOutOfBoundsException.class, () -> batcher.fill(0, 16, new float[BATCH * 2], new int[BATCH]));
        assertThrows(IllegalArgumentException.class, () -> Batcher.sequential(INDEXED, RAW, 0));
    }
}
