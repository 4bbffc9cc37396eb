package org.sparseeoc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sparseeoc.data.DataFiles.assertDataError;
import static org.sparseeoc.data.DataFiles.cyclicLabels;
import static org.sparseeoc.data.DataFiles.gzip;
import static org.sparseeoc.data.DataFiles.idxImages;
import static org.sparseeoc.data.DataFiles.idxLabels;
import static org.sparseeoc.data.DataFiles.pattern;
import static org.sparseeoc.data.DataFiles.write;
import static org.sparseeoc.data.DataFiles.writeIdx;
import static org.sparseeoc.data.DataFiles.writeIdxFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxDatasetTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsBackExactlyWhatWasWritten(boolean gzip) {
        writeIdx(dir, 12, 5, 3, 4, gzip);
        Split split = Datasets.load(new DataSource.IdxDirectory(dir));
        assertExample(split.train(), 12, 0);
        assertExample(split.test(), 5, 3);
        assertEquals(dir.getFileName() + "/train", split.train().name());
        assertEquals(dir.getFileName() + "/test", split.test().name());
    }

    private static void assertExample(Dataset data, int count, int salt) {
        assertEquals(count, data.count());
        assertEquals(1, data.channels());
        assertEquals(3, data.height());
        assertEquals(4, data.width());
        assertEquals(12, data.features());
        assertEquals(10, data.classes());
        byte[] expected = pattern(count * 12, salt);
        byte[] example = new byte[12];
        for (int i = 0; i < count; i++) {
            data.copyPixels(i, example, 0);
            assertArrayEquals(Arrays.copyOfRange(expected, i * 12, i * 12 + 12), example, "example " + i);
            for (int f = 0; f < 12; f++) {
                assertEquals(expected[i * 12 + f] & 0xFF, data.pixel(i, f));
            }
        }
        assertArrayEquals(intLabels(cyclicLabels(count, 10)), data.labels());
    }

    private static int[] intLabels(byte[] labels) {
        int[] ints = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            ints[i] = labels[i];
        }
        return ints;
    }

    @Test
    void gzipIsRecognisedByContentNotByName() {
        // gzip content under the raw name and raw content under the .gz name both load.
        byte[] trainImages = idxImages(2, 2, 2, pattern(8, 0));
        write(dir.resolve(Datasets.TRAIN_IMAGES), gzip(trainImages));
        write(dir.resolve(Datasets.TRAIN_LABELS + ".gz"), idxLabels(cyclicLabels(2, 10)));
        writeIdxFile(dir, Datasets.TEST_IMAGES, idxImages(1, 2, 2, pattern(4, 1)), true);
        writeIdxFile(dir, Datasets.TEST_LABELS, idxLabels(cyclicLabels(1, 10)), false);
        Split split = Datasets.load(new DataSource.IdxDirectory(dir));
        assertEquals(2, split.train().count());
        assertEquals(7, split.train().pixel(0, 1));
        assertEquals(1, split.train().label(1));
    }

    @Test
    void limitsKeepTheFirstExamples() {
        writeIdx(dir, 12, 5, 3, 4, true);
        Split full = Datasets.load(new DataSource.IdxDirectory(dir));
        Split small = Datasets.load(new DataSource.IdxDirectory(dir), new Limits(4, 100));
        assertEquals(4, small.train().count());
        assertEquals(5, small.test().count());
        for (int i = 0; i < 4; i++) {
            assertEquals(full.train().label(i), small.train().label(i));
            for (int f = 0; f < 12; f++) {
                assertEquals(full.train().pixel(i, f), small.train().pixel(i, f));
            }
        }
    }

    @Test
    void aMissingDirectoryNamesItAndTheFilesItNeeds() {
        Path missing = dir.resolve("nowhere");
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(missing)),
                missing.toString(),
                "no such directory",
                "train-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte",
                "gzip or raw",
                "Fashion-MNIST");
    }

    @Test
    void aMissingFileIsNamedWithTheFourFilesNeeded() throws IOException {
        writeIdx(dir, 3, 2, 2, 2, true);
        Files.delete(dir.resolve(Datasets.TEST_LABELS + ".gz"));
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TEST_LABELS) + "[.gz]",
                "missing",
                "four MNIST-format files",
                "Fashion-MNIST");
    }

    @Test
    void swappedFilesGiveAWrongMagicNumber() {
        writeIdx(dir, 3, 2, 2, 2, false);
        write(dir.resolve(Datasets.TRAIN_IMAGES), idxLabels(cyclicLabels(3, 10)));
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TRAIN_IMAGES).toString(),
                "magic number 0x00000801",
                "0x00000803",
                "label file");
    }

    @Test
    void aForeignFileGivesAWrongMagicNumber() {
        writeIdx(dir, 3, 2, 2, 2, false);
        write(dir.resolve(Datasets.TRAIN_LABELS), "hello, world".getBytes(StandardCharsets.US_ASCII));
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TRAIN_LABELS).toString(),
                "magic number 0x68656C6C",
                "not an IDX file");
    }

    @Test
    void anEmptyOrShortFileIsReported() {
        writeIdx(dir, 3, 2, 2, 2, false);
        write(dir.resolve(Datasets.TEST_IMAGES), new byte[0]);
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TEST_IMAGES).toString(),
                "empty");
        write(dir.resolve(Datasets.TEST_IMAGES), Arrays.copyOf(idxImages(2, 2, 2, new byte[8]), 10));
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TEST_IMAGES).toString(),
                "header is cut short",
                "truncated");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aTruncatedPayloadDisagreesWithTheHeader(boolean gzip) {
        writeIdx(dir, 3, 2, 2, 2, gzip);
        byte[] full = idxImages(3, 2, 2, pattern(12, 0));
        writeIdxFile(dir, Datasets.TRAIN_IMAGES, Arrays.copyOf(full, full.length - 5), gzip);
        Path file = dir.resolve(Datasets.TRAIN_IMAGES + (gzip ? ".gz" : ""));
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                file.toString(),
                "header says 3 images of 2x2 (12 bytes after the header) but the file holds only 7",
                "truncated or corrupt");
    }

    @Test
    void trailingBytesDisagreeWithTheHeader() {
        writeIdx(dir, 3, 2, 2, 2, false);
        write(dir.resolve(Datasets.TRAIN_LABELS), Arrays.copyOf(idxLabels(cyclicLabels(3, 10)), 8 + 3 + 4));
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TRAIN_LABELS).toString(),
                "header says 3 labels (3 bytes after the header) but 4 more bytes follow");
    }

    @Test
    void anAbsurdHeaderIsRejectedBeforeAllocating() {
        writeIdx(dir, 3, 2, 2, 2, false);
        write(dir.resolve(Datasets.TRAIN_IMAGES), idxImages(Integer.MAX_VALUE, 1000, 1000, new byte[4]));
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TRAIN_IMAGES).toString(),
                "too many bytes",
                "corrupt");
        write(dir.resolve(Datasets.TRAIN_IMAGES), idxImages(3, 0, 2, new byte[0]));
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TRAIN_IMAGES).toString(),
                "IDX dimension 1 is 0");
    }

    @Test
    void aTruncatedGzipIsReported() {
        writeIdx(dir, 3, 2, 2, 2, true);
        byte[] compressed = gzip(idxImages(3, 2, 2, pattern(12, 0)));
        write(dir.resolve(Datasets.TRAIN_IMAGES + ".gz"), Arrays.copyOf(compressed, compressed.length - 12));
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TRAIN_IMAGES + ".gz").toString(),
                "gzip",
                "download it again");
    }

    @Test
    void aCorruptGzipIsReported() {
        writeIdx(dir, 3, 2, 2, 2, true);
        byte[] compressed = gzip(idxLabels(cyclicLabels(3, 10)));
        compressed[compressed.length - 8] ^= 0x55; // the CRC-32 in the trailer
        write(dir.resolve(Datasets.TRAIN_LABELS + ".gz"), compressed);
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TRAIN_LABELS + ".gz").toString(),
                "corrupt gzip data",
                "download it again");

        byte[] badHeader = gzip(idxLabels(cyclicLabels(3, 10)));
        badHeader[2] = 7; // compression method: only 8 (deflate) exists
        write(dir.resolve(Datasets.TRAIN_LABELS + ".gz"), badHeader);
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TRAIN_LABELS + ".gz").toString(),
                "corrupt gzip data");
    }

    @Test
    void imageAndLabelCountsMustAgree() {
        writeIdx(dir, 3, 2, 2, 2, false);
        write(dir.resolve(Datasets.TEST_LABELS), idxLabels(cyclicLabels(3, 10)));
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TEST_LABELS).toString(),
                "3 labels but " + dir.resolve(Datasets.TEST_IMAGES) + " holds 2 images",
                "same split");
    }

    @Test
    void labelsOutOfRangeAreReported() {
        writeIdx(dir, 3, 2, 2, 2, false);
        write(dir.resolve(Datasets.TRAIN_LABELS), idxLabels(new byte[] {1, 10, 2}));
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TRAIN_LABELS).toString(),
                "label 10 of example 1 is outside 0..9");
    }

    @Test
    void splitsOfDifferentImageSizesAreReported() {
        writeIdx(dir, 3, 2, 2, 2, false);
        write(dir.resolve(Datasets.TEST_IMAGES), idxImages(2, 3, 3, new byte[18]));
        assertDataError(
                () -> Datasets.load(new DataSource.IdxDirectory(dir)),
                dir.resolve(Datasets.TEST_IMAGES).toString(),
                "images of 3x3 but " + dir.resolve(Datasets.TRAIN_IMAGES) + " holds 2x2");
    }
}
