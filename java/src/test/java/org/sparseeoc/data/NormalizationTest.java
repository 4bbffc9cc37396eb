package org.sparseeoc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NormalizationTest {
    private static final Split MNIST = Datasets.load(new DataSource.Bundled("mnist-10k"));

    /** Mean and population standard deviation, in double, of every input a sequential pass fills. */
    private static double[] moments(Dataset data, PixelNormalizer normalizer) {
        Batcher batcher = Batcher.sequential(data, normalizer, 500);
        float[] x = new float[500 * data.features()];
        int[] y = new int[500];
        double sum = 0;
        double squares = 0;
        long n = 0;
        for (int b = 0; b < batcher.batchesPerEpoch(); b++) {
            int length = batcher.fill(0, b, x, y);
            for (int k = 0; k < length * data.features(); k++) {
                sum += x[k];
                squares += (double) x[k] * x[k];
                n++;
            }
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(squares / n - mean * mean)};
    }

    @Test
    void standardizeGivesTheTrainSplitMeanZeroAndStdOne() {
        PixelNormalizer normalizer = Normalization.STANDARDIZE.fit(MNIST.train());
        double[] train = moments(MNIST.train(), normalizer);
        assertEquals(0, train[0], 1e-6);
        assertEquals(1, train[1], 1e-6);
        // The test split uses the train statistics: close to, not exactly, 0 and 1.
        double[] test = moments(MNIST.test(), normalizer);
        assertTrue(Math.abs(test[0]) < 0.05 && Math.abs(test[1] - 1) < 0.05, test[0] + ", " + test[1]);
        assertTrue(test[0] != 0);
    }

    @Test
    void statisticsComeFromTheTrainSplitOnly() {
        Dataset train = Dataset.of("t", 1, 1, 2, 2, new int[] {0, 255, 0, 255}, new int[] {0, 1});
        PixelNormalizer normalizer = Normalization.STANDARDIZE.fit(train);
        assertEquals(new PixelNormalizer(Normalization.STANDARDIZE, 0.5, 0.5), normalizer);
        assertEquals(-1f, normalizer.apply(0));
        assertEquals(1f, normalizer.apply(255));
    }

    @Test
    void noneAndUnitNeedNoData() {
        assertEquals(new PixelNormalizer(Normalization.NONE, 0, 1), Normalization.NONE.fit(MNIST.train()));
        PixelNormalizer unit = PixelNormalizer.identity(Normalization.UNIT);
        assertEquals(unit, Normalization.UNIT.fit(MNIST.train()));
        assertEquals(255f, PixelNormalizer.identity(Normalization.NONE).apply(255));
        assertEquals(0f, unit.apply(0));
        assertEquals(1f, unit.apply(255));
        assertEquals((float) (128 / 255.0), unit.apply(128));
        float[] table = unit.table();
        for (int v = 0; v < 256; v++) {
            assertEquals(unit.apply(v), table[v]);
        }
    }

    @Test
    void constantPixelsCannotBeStandardised() {
        Dataset flat = Dataset.of("flat", 1, 1, 2, 2, new int[] {9, 9, 9, 9}, new int[] {0, 1});
        DatasetException e = assertThrows(DatasetException.class, () -> Normalization.STANDARDIZE.fit(flat));
        assertEquals("flat: every train pixel equals 9: cannot standardise; use unit", e.getMessage());
    }

    @Test
    void invalidNormalisersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PixelNormalizer(Normalization.STANDARDIZE, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PixelNormalizer(Normalization.UNIT, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> PixelNormalizer.identity(Normalization.STANDARDIZE));
        assertThrows(IllegalArgumentException.class, () -> new PixelNormalizer(null, 0, 1));
    }

    @Test
    void namesRoundTrip() {
        for (Normalization kind : Normalization.values()) {
            assertSame(kind, Normalization.fromName(kind.cliName()));
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Normalization.fromName("zscore"));
        assertEquals("unknown normalisation 'zscore'; expected one of none, unit, standardize", e.getMessage());
    }
}
