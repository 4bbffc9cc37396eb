package org.sparseeoc.backend;

import java.util.Locale;

/**
 * The argument checks of the {@link Ops} contracts, shared by every backend so that a bad call fails
 * with the same exception and message on the CPU and on a GPU. Native code (OpenBLAS, a kernel) has
 * no bounds checks, so these run before every call into it.
 */
public final class OpChecks {
    private OpChecks() {}

    /** A sparse product's output width: outCols ≥ 0. */
    public static void outCols(int outCols) {
        if (outCols < 0) {
            throw new IllegalArgumentException("outCols must be >= 0, got " + outCols);
        }
    }

    /** The rows a compressed matrix is asked to hold: 0 ≤ rows ≤ maxRows. */
    public static void rowsWithin(String name, int rows, int maxRows) {
        if (rows < 0 || rows > maxRows) {
            throw new IllegalArgumentException(name + ": rows = " + rows + " outside [0, maxRows = " + maxRows + "]");
        }
    }

    /** Fails unless 0 ≤ n ≤ length: an op over n elements of a buffer of {@code length}. */
    public static void span(String name, long n, long length) {
        if (n < 0 || n > length) {
            throw new IndexOutOfBoundsException(name + ": n = " + n + " but the buffer has " + length);
        }
    }

    /** Fails unless m, n, k ≥ 0. */
    public static void gemmSizes(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
    }

    /**
     * Checks a stored rows×cols GEMM operand with leading dimension ld in a buffer of {@code length}
     * elements: ld ≥ max(1, cols) (as BLAS requires) and the last element, (rows−1)·ld + cols − 1,
     * inside the buffer.
     */
    public static void gemmOperand(String name, int rows, int cols, int ld, long length) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(
                    "gemm: ld" + name.toLowerCase(Locale.ROOT) + " = " + ld + " < max(1, " + cols + ")");
        }
        long needed = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
        if (needed > length) {
            throw new IndexOutOfBoundsException("gemm: " + name + " (" + rows + "×" + cols + ", ld " + ld + ") needs "
                    + needed + " elements, buffer has " + length);
        }
    }

    /** Fails unless rows, cols ≥ 0. */
    public static void matrix(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("rows and cols must be >= 0, got " + rows + ", " + cols);
        }
    }

    /** The checks documented on {@link Ops#im2col}; the kernels rely on them for int indexing. */
    public static void conv(
            String op, int batch, int channels, int height, int width, int kernel, int stride, int padding) {
        if (batch < 0 || channels < 1 || height < 1 || width < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException(op + ": need batch >= 0, channels, height, width, kernel, stride >= 1"
                    + " and padding >= 0, got batch=" + batch + " channels=" + channels + " height=" + height
                    + " width=" + width + " kernel=" + kernel + " stride=" + stride + " padding=" + padding);
        }
        long paddedH = height + 2L * padding;
        long paddedW = width + 2L * padding;
        if (paddedH < kernel || paddedW < kernel) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + " is larger than the padded image " + paddedH
                    + "×" + paddedW + " (output would be empty)");
        }
        long rows = (long) batch * ((paddedH - kernel) / stride + 1) * ((paddedW - kernel) / stride + 1);
        long image = (long) channels * height * width;
        long rowLen = (long) channels * kernel * kernel;
        if (paddedH > Integer.MAX_VALUE
                || paddedW > Integer.MAX_VALUE
                || image > Integer.MAX_VALUE
                || rowLen > Integer.MAX_VALUE
                || rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": sizes too large for int indexing: C·H·W = " + image
                    + ", C·k·k = " + rowLen + ", batch·Ho·Wo = " + rows);
        }
    }

    /** batch·C·H·W: the elements of an image batch. */
    public static long imageElements(int batch, int channels, int height, int width) {
        return (long) batch * channels * height * width;
    }

    /** batch·Ho·Wo·C·k·k: the elements of im2col's matrix, after {@link #conv}. */
    public static long colsElements(
            int batch, int channels, int height, int width, int kernel, int stride, int padding) {
        long rows = (long) batch
                * convOutSize(height, kernel, stride, padding)
                * convOutSize(width, kernel, stride, padding);
        return rows * channels * kernel * kernel;
    }

    /** ⌊(size + 2·padding − kernel)/stride⌋ + 1. */
    public static int convOutSize(int size, int kernel, int stride, int padding) {
        return (size + 2 * padding - kernel) / stride + 1;
    }

    /** batch·rows·cols after checking the {@link Ops#batchedTranspose} requirements. */
    public static long batchedTranspose(int batch, int rows, int cols) {
        if (batch < 0 || rows < 0 || cols < 0) {
            throw new IllegalArgumentException("batchedTranspose: need batch, rows, cols >= 0, got batch=" + batch
                    + " rows=" + rows + " cols=" + cols);
        }
        long n = (long) batch * rows * cols;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "batchedTranspose: batch·rows·cols = " + n + " is too large for int indexing");
        }
        return n;
    }

    /** Fails unless rows ≥ 0 and classes ≥ 1 (softmax cross-entropy). */
    public static void loss(int rows, int classes) {
        if (rows < 0 || classes < 1) {
            throw new IllegalArgumentException("need rows >= 0 and classes >= 1, got " + rows + ", " + classes);
        }
    }

    /** The message for a label outside [0, classes), the same on every backend. */
    public static String badLabel(int label, int row, int classes) {
        return "label " + label + " of row " + row + " is outside [0, " + classes + ")";
    }

    /** Fails unless Adam's step is 1-based. */
    public static void adamStep(long t) {
        if (t < 1) {
            throw new IllegalArgumentException("Adam step t is 1-based, got " + t);
        }
    }

    /** τ, after checking it is finite and ≥ 0. */
    public static float tau(float tau) {
        if (!(tau >= 0 && tau < Float.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("threshold tau must be finite and >= 0, got " + tau);
        }
        return tau;
    }

    /** The clip m, after checking it is finite and &gt; 0. */
    public static float clip(float clip) {
        if (!(clip > 0 && clip < Float.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("clip m must be finite and > 0, got " + clip);
        }
        return clip;
    }
}
