package org.sparseeoc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatasetTest {
    @Test
    void holdsCopiesOfItsInput() {
        int[] pixels = {1, 2, 3, 4, 5, 6};
        int[] labels = {2, 0};
        Dataset data = Dataset.of("d", 3, 1, 1, 3, pixels, labels);
        pixels[0] = 99;
        labels[0] = 1;
        assertEquals(1, data.pixel(0, 0));
        assertEquals(2, data.label(0));
        data.labels()[0] = 1;
        assertEquals(2, data.label(0));
        assertArrayEquals(new int[] {1, 0, 1}, data.classCounts());
        assertEquals("d: 2 examples of 3x1x1, 3 classes", data.toString());
    }

    @Test
    void firstKeepsAPrefix() {
        Dataset data = Dataset.of("d", 1, 1, 2, 2, new int[] {1, 2, 3, 4, 5, 6}, new int[] {1, 0, 1});
        Dataset two = data.first(2);
        assertEquals(2, two.count());
        assertEquals(4, two.pixel(1, 1));
        assertSame(data, data.first(3));
        assertSame(data, data.first(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> data.first(0));
    }

    @Test
    void inconsistentInputIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.of("d", 1, 1, 2, 2, new int[] {1, 2, 3}, new int[] {1, 0}));
        assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.of("d", 1, 1, 1, 2, new int[] {1, 256}, new int[] {1, 0}));
        assertThrows(
                IllegalArgumentException.class, () -> Dataset.of("d", 1, 1, 1, 2, new int[] {1, 2}, new int[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Dataset.of("d", 1, 1, 1, 2, new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> Dataset.of("", 1, 1, 1, 2, new int[] {1}, new int[] {1}));
        Dataset small = Dataset.of("d", 1, 1, 1, 2, new int[] {1}, new int[] {1});
        assertThrows(IndexOutOfBoundsException.class, () -> small.pixel(1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> small.pixel(0, 1));
        Dataset wide = Dataset.of("w", 1, 1, 2, 2, new int[] {1, 2}, new int[] {1});
        assertThrows(IllegalArgumentException.class, () -> new Split(small, wide));
    }

    @Test
    void sourcesRoundTripThroughTheirSpec() {
        for (DataSource source : new DataSource[] {
            new DataSource.Bundled("mnist-10k"),
            new DataSource.IdxDirectory(Path.of("/data/fashion-mnist")),
            new DataSource.Cifar10Directory(Path.of("/data/cifar-10-batches-bin"))
        }) {
            assertEquals(source, DataSource.parse(source.spec()));
        }
        assertEquals(new DataSource.Bundled("mnist-10k"), DataSource.parse("mnist-10k"));
        assertEquals(
                "fashion-mnist", DataSource.parse("idx:/data/fashion-mnist").shortName());
        assertThrows(IllegalArgumentException.class, () -> DataSource.parse("mnist"));
        assertThrows(IllegalArgumentException.class, () -> DataSource.parse("idx:"));
        assertThrows(IllegalArgumentException.class, () -> new DataSource.Bundled("cifar-10"));
    }
}
