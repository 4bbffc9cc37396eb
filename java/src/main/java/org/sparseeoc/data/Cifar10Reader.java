package org.sparseeoc.data;

import java.util.List;

/**
 * Reads CIFAR-10 binary batches: records of 1 label byte (0..9) followed by 3,072 pixel bytes, the
 * 32×32 red plane, then green, then blue (channel-first, row-major), 10,000 records per file in the
 * official release. Any whole number of records is accepted.
 */
final class Cifar10Reader {
    static final int CHANNELS = 3;
    static final int SIDE = 32;
    static final int CLASSES = 10;
    static final int PIXELS = CHANNELS * SIDE * SIDE;
    static final int RECORD = 1 + PIXELS;
    static final List<String> TRAIN_FILES =
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    static final String TEST_FILE = "test_batch.bin";

    private static final int MAX_BYTES = Dataset.MAX_ARRAY / RECORD * RECORD;

    private Cifar10Reader() {}

    /** The examples of one batch file: count × 3,072 pixel bytes and count labels. */
    record Batch(byte[] pixels, byte[] labels) {
        int count() {
            return labels.length;
        }
    }

    static Batch read(DataFile file) {
        byte[] bytes = file.readAll(MAX_BYTES);
        if (bytes.length == 0) {
            throw new DatasetException(file.name(), "empty; download the CIFAR-10 binary version again");
        }
        if (bytes.length % RECORD != 0) {
            throw new DatasetException(
                    file.name(),
                    bytes.length + " bytes is not a whole number of " + RECORD + "-byte records (1 label byte + "
                            + CHANNELS + "x" + SIDE + "x" + SIDE + " pixel bytes): truncated, or not the CIFAR-10 "
                            + "binary version (the Python and CIFAR-100 versions differ)");
        }
        int count = bytes.length / RECORD;
        byte[] pixels = new byte[count * PIXELS];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = Byte.toUnsignedInt(bytes[i * RECORD]);
            if (label >= CLASSES) {
                throw new DatasetException(
                        file.name(),
                        "record " + i + " has label " + label + ", outside 0.." + (CLASSES - 1)
                                + ": corrupt, or not CIFAR-10 binary (CIFAR-100 records start with two label bytes)");
            }
            labels[i] = (byte) label;
            System.arraycopy(bytes, i * RECORD + 1, pixels, i * PIXELS, PIXELS);
        }
        return new Batch(pixels, labels);
    }
}
