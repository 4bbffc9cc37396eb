package org.sparseeoc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BundledDatasetTest {
    private static Split split;

    @BeforeAll
    static void load() {
        split = Datasets.load(new DataSource.Bundled("mnist-10k"));
    }

    @Test
    void holdsEightThousandTrainAndTwoThousandTestDigits() {
        check(split.train(), 8000, "mnist-10k/train");
        check(split.test(), 2000, "mnist-10k/test");
    }

    private static void check(Dataset data, int count, String name) {
        assertEquals(name, data.name());
        assertEquals(count, data.count());
        assertEquals(1, data.channels());
        assertEquals(28, data.height());
        assertEquals(28, data.width());
        assertEquals(784, data.features());
        assertEquals(10, data.classes());
        int[] perClass = data.classCounts();
        for (int c = 0; c < 10; c++) {
            // MNIST is roughly balanced: every digit makes up 9 to 11 per cent.
            assertTrue(perClass[c] > count / 20, name + " has only " + perClass[c] + " examples of " + c);
        }
    }

    @Test
    void pixelStatisticsAreThoseOfMnist() {
        // MNIST's well-known mean 0.1307 and standard deviation 0.3081 of x/255.
        PixelNormalizer normalizer = Normalization.STANDARDIZE.fit(split.train());
        assertEquals(0.1307, normalizer.mean(), 0.01);
        assertEquals(0.3081, normalizer.std(), 0.01);
    }

    @Test
    void limitsApplyToTheBundledSet() {
        Split small = Datasets.load(new DataSource.Bundled("mnist-10k"), new Limits(100, 50));
        assertEquals(100, small.train().count());
        assertEquals(50, small.test().count());
        assertEquals(split.train().label(99), small.train().label(99));
        assertEquals(split.train().pixel(99, 400), small.train().pixel(99, 400));
    }
}
