package org.sparseeoc.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.function.Executable;

/** Builds small MNIST-format and CIFAR-10 files for tests, and checks data errors. */
final class DataFiles {
    private DataFiles() {}

    /** An IDX images file: magic 0x803, count, rows, cols, then the pixels. */
    static byte[] idxImages(int count, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length)
                .putInt(IdxReader.IMAGES_MAGIC)
                .putInt(count)
                .putInt(rows)
                .putInt(cols)
                .put(pixels)
                .array();
    }

    /** An IDX labels file: magic 0x801, count, then the labels. */
    static byte[] idxLabels(byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length)
                .putInt(IdxReader.LABELS_MAGIC)
                .putInt(labels.length)
                .put(labels)
                .array();
    }

    /** Pixel i is (7i + salt) mod 256: every value occurs, and neighbours differ. */
    static byte[] pattern(int length, int salt) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (7 * i + salt);
        }
        return bytes;
    }

    /** Labels i mod classes. */
    static byte[] cyclicLabels(int count, int classes) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % classes);
        }
        return labels;
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a consistent IDX directory: {@code trainCount}/{@code testCount} images of rows×cols
     * with pattern pixels and cyclic labels, gzipped with .gz names when {@code gzip}.
     */
    static void writeIdx(Path dir, int trainCount, int testCount, int rows, int cols, boolean gzip) {
        writeIdxFile(
                dir,
                Datasets.TRAIN_IMAGES,
                idxImages(trainCount, rows, cols, pattern(trainCount * rows * cols, 0)),
                gzip);
        writeIdxFile(dir, Datasets.TRAIN_LABELS, idxLabels(cyclicLabels(trainCount, 10)), gzip);
        writeIdxFile(
                dir, Datasets.TEST_IMAGES, idxImages(testCount, rows, cols, pattern(testCount * rows * cols, 3)), gzip);
        writeIdxFile(dir, Datasets.TEST_LABELS, idxLabels(cyclicLabels(testCount, 10)), gzip);
    }

    static void writeIdxFile(Path dir, String base, byte[] content, boolean gzip) {
        write(dir.resolve(gzip ? base + ".gz" : base), gzip ? gzip(content) : content);
    }

    /** CIFAR-10 records: label i mod 10, pixels pattern(3072, salt + i). */
    static byte[] cifarRecords(int count, int salt) {
        ByteBuffer buffer = ByteBuffer.allocate(count * Cifar10Reader.RECORD);
        for (int i = 0; i < count; i++) {
            buffer.put((byte) (i % 10)).put(pattern(Cifar10Reader.PIXELS, salt + i));
        }
        return buffer.array();
    }

    /** Writes the six CIFAR-10 batch files, {@code perBatch} records each. */
    static void writeCifar(Path dir, int perBatch) {
        for (int b = 0; b < Cifar10Reader.TRAIN_FILES.size(); b++) {
            write(dir.resolve(Cifar10Reader.TRAIN_FILES.get(b)), cifarRecords(perBatch, 100 * b));
        }
        write(dir.resolve(Cifar10Reader.TEST_FILE), cifarRecords(perBatch, 1000));
    }

    /**
     * Runs {@code load}, expecting a one-line DatasetException naming {@code file} and containing
     * every one of {@code phrases}; returns it.
     */
    static DatasetException assertDataError(Executable load, String file, String... phrases) {
        DatasetException e = assertThrows(DatasetException.class, load);
        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), "not one line: " + message);
        assertTrue(message.startsWith(file + ": "), "expected the message to name " + file + ": " + message);
        assertTrue(e.file().equals(file), e.file());
        for (String phrase : phrases) {
            assertTrue(message.contains(phrase), "expected '" + phrase + "' in: " + message);
        }
        return e;
    }
}
