package org.sparseeoc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sparseeoc.data.DataFiles.assertDataError;
import static org.sparseeoc.data.DataFiles.cifarRecords;
import static org.sparseeoc.data.DataFiles.gzip;
import static org.sparseeoc.data.DataFiles.pattern;
import static org.sparseeoc.data.DataFiles.write;
import static org.sparseeoc.data.DataFiles.writeCifar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10DatasetTest {
    @TempDir
    Path dir;

    @Test
    void readsBackExactlyWhatWasWritten() {
        writeCifar(dir, 3);
        Split split = Datasets.load(new DataSource.Cifar10Directory(dir));
        Dataset train = split.train();
        assertEquals(15, train.count());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertEquals(32, train.width());
        assertEquals(3072, train.features());
        assertEquals(10, train.classes());
        assertEquals(3, split.test().count());
        byte[] example = new byte[3072];
        for (int b = 0; b < 5; b++) {
            for (int r = 0; r < 3; r++) {
                int i = 3 * b + r;
                assertEquals(r, train.label(i));
                train.copyPixels(i, example, 0);
                assertEquals(Arrays.toString(pattern(3072, 100 * b + r)), Arrays.toString(example), "example " + i);
            }
        }
        split.test().copyPixels(2, example, 0);
        assertEquals(Arrays.toString(pattern(3072, 1002)), Arrays.toString(example));
        // Channel-first: feature c·1024 + y·32 + x.
        assertEquals((7 * (1024 + 32 + 1) + 1002) & 0xFF, split.test().pixel(2, 1024 + 32 + 1));
    }

    @Test
    void gzippedBatchesLoadToo() {
        writeCifar(dir, 2);
        write(dir.resolve("test_batch.bin"), gzip(cifarRecords(2, 1000)));
        assertEquals(
                2, Datasets.load(new DataSource.Cifar10Directory(dir)).test().count());
    }

    @Test
    void aLimitReadsOnlyTheBatchesItNeeds() {
        writeCifar(dir, 4);
        write(dir.resolve("data_batch_2.bin"), new byte[5]); // corrupt, but not needed for 4 examples
        Split split = Datasets.load(new DataSource.Cifar10Directory(dir), new Limits(4, 1));
        assertEquals(4, split.train().count());
        assertEquals(1, split.test().count());
        assertDataError(
                () -> Datasets.load(new DataSource.Cifar10Directory(dir), new Limits(5, 1)),
                dir.resolve("data_batch_2.bin").toString(),
                "5 bytes is not a whole number of 3073-byte records");
    }

    @Test
    void aMissingBatchIsNamed() throws IOException {
        writeCifar(dir, 1);
        Files.delete(dir.resolve("data_batch_4.bin"));
        assertDataError(
                () -> Datasets.load(new DataSource.Cifar10Directory(dir)),
                dir.resolve("data_batch_4.bin").toString(),
                "missing",
                "data_batch_1.bin ... data_batch_5.bin and test_batch.bin",
                "cifar-10-binary.tar.gz");
        Path missing = dir.resolve("absent");
        assertDataError(
                () -> Datasets.load(new DataSource.Cifar10Directory(missing)), missing.toString(), "no such directory");
    }

    @Test
    void aSizeThatIsNoWholeNumberOfRecordsIsReported() {
        writeCifar(dir, 2);
        byte[] records = cifarRecords(2, 1000);
        write(dir.resolve("test_batch.bin"), Arrays.copyOf(records, records.length - 1));
        assertDataError(
                () -> Datasets.load(new DataSource.Cifar10Directory(dir)),
                dir.resolve("test_batch.bin").toString(),
                "6145 bytes is not a whole number of 3073-byte records",
                "truncated");
        write(dir.resolve("test_batch.bin"), new byte[0]);
        assertDataError(
                () -> Datasets.load(new DataSource.Cifar10Directory(dir)),
                dir.resolve("test_batch.bin").toString(),
                "empty");
    }

    @Test
    void labelsOutOfRangeAreReported() {
        writeCifar(dir, 2);
        byte[] records = cifarRecords(2, 0);
        records[Cifar10Reader.RECORD] = 10; // the label of record 1
        write(dir.resolve("data_batch_3.bin"), records);
        assertDataError(
                () -> Datasets.load(new DataSource.Cifar10Directory(dir)),
                dir.resolve("data_batch_3.bin").toString(),
                "record 1 has label 10, outside 0..9");
    }
}
