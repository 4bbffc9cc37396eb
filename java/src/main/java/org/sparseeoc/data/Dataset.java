package org.sparseeoc.data;

import java.util.Arrays;

/**
 * An immutable set of labelled images held in memory. Pixels are raw unsigned bytes (0..255),
 * channel-first per example (C·H·W bytes each, examples back to back); they are turned into
 * normalised floats only when a batch is filled ({@link Batcher}), because floats would cost four
 * times the memory: CIFAR-10's 50,000 × 3,072 pixels are 154 MB as bytes and 614 MB as floats.
 * Labels lie in 0..classes−1.
 */
public final class Dataset {
    /** The largest array the JVM allocates reliably. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final String name;
    private final int count;
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;
    private final byte[] pixels;
    private final byte[] labels;

    /** Takes ownership of the arrays; callers inside the package never touch them again. */
    Dataset(String name, int channels, int height, int width, int classes, byte[] pixels, byte[] labels) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("data set name missing");
        }
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        if (classes < 2 || classes > 256) {
            throw new IllegalArgumentException("classes must lie in 2..256, got " + classes);
        }
        long features = (long) channels * height * width;
        if (labels.length < 1 || features * labels.length > MAX_ARRAY) {
            throw new IllegalArgumentException("a data set holds 1 to " + MAX_ARRAY + " pixel bytes, got "
                    + labels.length + " examples of " + features);
        }
        if (pixels.length != features * labels.length) {
            throw new IllegalArgumentException(
                    "expected " + labels.length + " x " + features + " pixel bytes, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (Byte.toUnsignedInt(labels[i]) >= classes) {
                throw new IllegalArgumentException("label " + Byte.toUnsignedInt(labels[i]) + " of example " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
        this.name = name;
        this.count = labels.length;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * A data set from copies of the given arrays: {@code pixels} holds count·C·H·W values 0..255,
     * channel-first per example, {@code labels} holds count values in 0..classes−1.
     *
     * @throws IllegalArgumentException for inconsistent sizes, pixels or labels out of range
     */
    public static Dataset of(
            String name, int channels, int height, int width, int classes, int[] pixels, int[] labels) {
        byte[] pixelBytes = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i] < 0 || pixels[i] > 255) {
                throw new IllegalArgumentException("pixel " + i + " is " + pixels[i] + ", outside 0..255");
            }
            pixelBytes[i] = (byte) pixels[i];
        }
        byte[] labelBytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " of example " + i + " is outside 0.." + (classes - 1));
            }
            labelBytes[i] = (byte) labels[i];
        }
        return new Dataset(name, channels, height, width, classes, pixelBytes, labelBytes);
    }

    /** Name for reports, e.g. {@code mnist-10k/train}. */
    public String name() {
        return name;
    }

    /** Number of examples, ≥ 1. */
    public int count() {
        return count;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Number of classes; labels lie in 0..classes−1. */
    public int classes() {
        return classes;
    }

    /** Input size of one example, C·H·W. */
    public int features() {
        return channels * height * width;
    }

    /** Label of example {@code i}. */
    public int label(int i) {
        return Byte.toUnsignedInt(labels[i]);
    }

    /** Raw value 0..255 of feature {@code f} (index c·H·W + y·W + x) of example {@code i}. */
    public int pixel(int i, int f) {
        if (f < 0 || f >= features()) {
            throw new IndexOutOfBoundsException("feature " + f + " outside 0.." + (features() - 1));
        }
        return Byte.toUnsignedInt(pixels[checkIndex(i) * features() + f]);
    }

    /** Copies the raw pixel bytes of example {@code i} (unsigned: read them with & 0xFF) into {@code dst}. */
    public void copyPixels(int i, byte[] dst, int dstOffset) {
        System.arraycopy(pixels, checkIndex(i) * features(), dst, dstOffset, features());
    }

    /** All labels, copied. */
    public int[] labels() {
        int[] copy = new int[count];
        for (int i = 0; i < count; i++) {
            copy[i] = label(i);
        }
        return copy;
    }

    /** Number of examples of each class. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (byte label : labels) {
            counts[Byte.toUnsignedInt(label)]++;
        }
        return counts;
    }

    /** Histogram of all raw pixel values: entry v counts the pixels equal to v. */
    long[] pixelHistogram() {
        long[] histogram = new long[256];
        for (byte pixel : pixels) {
            histogram[Byte.toUnsignedInt(pixel)]++;
        }
        return histogram;
    }

    /** The first {@code n} examples (this set itself when it has no more than {@code n}). */
    public Dataset first(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("keep at least 1 example, got " + n);
        }
        if (n >= count) {
            return this;
        }
        return new Dataset(
                name,
                channels,
                height,
                width,
                classes,
                Arrays.copyOf(pixels, n * features()),
                Arrays.copyOf(labels, n));
    }

    /** True when {@code other} has the same image shape and number of classes. */
    public boolean sameShape(Dataset other) {
        return channels == other.channels && height == other.height && width == other.width && classes == other.classes;
    }

    /** Shape as C x H x W, for messages. */
    public String shape() {
        return channels + "x" + height + "x" + width;
    }

    /** Package-private raw access for the batcher: never modified, never handed out. */
    byte[] rawPixels() {
        return pixels;
    }

    byte[] rawLabels() {
        return labels;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("example " + i + " outside 0.." + (count - 1));
        }
        return i;
    }

    @Override
    public String toString() {
        return name + ": " + count + " examples of " + shape() + ", " + classes + " classes";
    }
}
