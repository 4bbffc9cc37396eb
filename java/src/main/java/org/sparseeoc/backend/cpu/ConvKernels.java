package org.sparseeoc.backend.cpu;

import static org.sparseeoc.backend.cpu.Tiles.load;
import static org.sparseeoc.backend.cpu.Tiles.store;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.sparseeoc.backend.OpChecks;

/**
 * im2col and its adjoint col2im over channels-first images (layouts in {@link
 * org.sparseeoc.backend.Ops#im2col}), and the batched transpose that converts a convolution's
 * position-major output to channels-first and back. im2col and col2im work one image at a time: the
 * image is held in a heap scratch array and its patch matrix streams through a heap chunk of whole
 * output rows (the Wo patch rows of one oy), so the native segments are touched only by bulk copies.
 *
 * <p>Both walk each output row oy by (ci, ky): the k taps of column block (ci·k + ky)·k .. + k of
 * patch row (oy, ox) are the k contiguous pixels x[n, ci, iy, ox·s − p ..] of one image row iy =
 * oy·s + ky − p, so a whole block is a straight copy. A row iy outside the image is all padding;
 * within a row, the ox range whose taps all lie inside the image is computed once (the interior)
 * and copied without per-element bounds checks, leaving the checks to the few border ox on either
 * side. Sizes are checked by {@link CpuOps}.
 */
final class ConvKernels {
    private ConvKernels() {}

    /** Output rows (oy) per chunk: about a tile of floats, at least one output row. */
    private static int linesPerChunk(int lineLen) {
        return Math.max(1, Tiles.TILE / lineLen);
    }

    /** First ox whose leftmost tap ox·s − p is inside the image: ⌈p/s⌉, at most wo. */
    private static int interiorStart(int wo, int stride, int padding) {
        return Math.min(wo, (padding + stride - 1) / stride);
    }

    /**
     * One past the last ox whose rightmost tap ox·s − p + k − 1 is inside the image (so ox·s ≤ W + p
     * − k), and not below {@code start}: [start, end) is the interior, [0, start) and [end, Wo) the
     * borders.
     */
    private static int interiorEnd(int start, int wo, int width, int kernel, int stride, int padding) {
        return Math.max(start, Math.min(wo, Math.floorDiv(width + padding - kernel, stride) + 1));
    }

    /**
     * cols[(n·Ho + oy)·Wo + ox, (ci·k + ky)·k + kx] = x[n, ci, oy·s + ky − p, ox·s + kx − p], or 0
     * where that pixel is padding; x: [batch, C, H, W], cols: [batch·Ho·Wo, C·k·k] float32.
     */
    static void im2col(
            Tiles t,
            MemorySegment x,
            MemorySegment cols,
            int batch,
            int channels,
            int height,
            int width,
            int kernel,
            int stride,
            int padding) {
        int ho = OpChecks.convOutSize(height, kernel, stride, padding);
        int wo = OpChecks.convOutSize(width, kernel, stride, padding);
        int plane = height * width;
        int imageLen = channels * plane;
        int rowLen = channels * kernel * kernel;
        int lineLen = wo * rowLen; // the Wo patch rows of one oy
        int perChunk = linesPerChunk(lineLen);
        int in0 = interiorStart(wo, stride, padding);
        int in1 = interiorEnd(in0, wo, width, kernel, stride, padding);
        float[] img = t.image(imageLen); // [C, H, W] image n
        float[] chunk = t.row(perChunk * lineLen); // [lines, Wo, C·k·k] consecutive rows of cols
        long colsOff = 0;
        for (int n = 0; n < batch; n++) {
            load(x, (long) n * imageLen, img, imageLen);
            for (int oy0 = 0; oy0 < ho; oy0 += perChunk) {
                int lines = Math.min(perChunk, ho - oy0);
                for (int j = 0; j < lines; j++) {
                    int iy0 = (oy0 + j) * stride - padding;
                    for (int ci = 0; ci < channels; ci++) {
                        for (int ky = 0; ky < kernel; ky++) {
                            // Column block (ci·k + ky)·k of patch row (oy, ox) sits at d0 + ox·rowLen.
                            int d0 = j * lineLen + (ci * kernel + ky) * kernel;
                            int iy = iy0 + ky;
                            if (iy < 0 || iy >= height) {
                                for (int ox = 0, d = d0; ox < wo; ox++, d += rowLen) {
                                    Arrays.fill(chunk, d, d + kernel, 0f);
                                }
                                continue;
                            }
                            // Tap (ox, kx) reads img[src + ox·s + kx]: pixel ix = ox·s + kx − p.
                            int src = ci * plane + iy * width - padding;
                            for (int ox = 0; ox < in0; ox++) {
                                gatherBorder(img, src, chunk, d0 + ox * rowLen, ox * stride, kernel, padding, width);
                            }
                            copyInterior(
                                    img,
                                    src + in0 * stride,
                                    stride,
                                    chunk,
                                    d0 + in0 * rowLen,
                                    rowLen,
                                    kernel,
                                    in1 - in0);
                            for (int ox = in1; ox < wo; ox++) {
                                gatherBorder(img, src, chunk, d0 + ox * rowLen, ox * stride, kernel, padding, width);
                            }
                        }
                    }
                }
                int len = lines * lineLen;
                store(chunk, cols, colsOff, len);
                colsOff += len;
            }
        }
    }

    /** chunk[d + kx] = img[src + o + kx] where pixel o + kx − p is in [0, width), else 0. */
    private static void gatherBorder(
            float[] img, int src, float[] chunk, int d, int o, int kernel, int padding, int width) {
        for (int kx = 0; kx < kernel; kx++) {
            int ix = o + kx - padding;
            chunk[d + kx] = ix >= 0 && ix < width ? img[src + o + kx] : 0f;
        }
    }

    /**
     * The interior of one (oy, ci, ky): for each of {@code count} consecutive ox, chunk[d .. d + k)
     * = img[q .. q + k), with d advancing by a patch row and q by the stride. k = 3 (every spec's
     * kernel) is written out, because a k-iteration inner loop of unknown length costs more than
     * the copy itself.
     */
    private static void copyInterior(
            float[] img, int q, int stride, float[] chunk, int d, int rowLen, int kernel, int count) {
        if (kernel == 3) {
            for (int i = 0; i < count; i++, d += rowLen, q += stride) {
                chunk[d] = img[q];
                chunk[d + 1] = img[q + 1];
                chunk[d + 2] = img[q + 2];
            }
            return;
        }
        for (int i = 0; i < count; i++, d += rowLen, q += stride) {
            System.arraycopy(img, q, chunk, d, kernel);
        }
    }

    /**
     * dx[n, ci, iy, ix] = Σ cols[(n, oy, ox), (ci, ky, kx)] over the (oy, ox, ky, kx) with oy·s + ky
     * − p = iy and ox·s + kx − p = ix (padding entries dropped); shapes as in {@link #im2col}.
     * Scatters each image's patch rows into double accumulators in ascending row order (oy, then
     * ox: the left border, the interior and the right border of each (oy, ci, ky) are visited in
     * that order), and a row holds at most one term per pixel, so every pixel sums its terms in
     * ascending patch-row order, in double, and is rounded to float once: bit-identical run to run,
     * and within half an ulp of the exact sum plus the double rounding (≪ 1e-12 relative to Σ|terms|
     * for at most k² terms).
     */
    static void col2im(
            Tiles t,
            MemorySegment cols,
            MemorySegment dx,
            int batch,
            int channels,
            int height,
            int width,
            int kernel,
            int stride,
            int padding) {
        int ho = OpChecks.convOutSize(height, kernel, stride, padding);
        int wo = OpChecks.convOutSize(width, kernel, stride, padding);
        int plane = height * width;
        int imageLen = channels * plane;
        int rowLen = channels * kernel * kernel;
        int lineLen = wo * rowLen; // the Wo patch rows of one oy
        int perChunk = linesPerChunk(lineLen);
        int in0 = interiorStart(wo, stride, padding);
        int in1 = interiorEnd(in0, wo, width, kernel, stride, padding);
        double[] acc = t.imageDouble(imageLen); // [C, H, W] sums for image n
        float[] img = t.image(imageLen); // [C, H, W] image n rounded
        float[] chunk = t.row(perChunk * lineLen); // [lines, Wo, C·k·k] consecutive rows of cols
        long colsOff = 0;
        for (int n = 0; n < batch; n++) {
            Arrays.fill(acc, 0, imageLen, 0.0);
            for (int oy0 = 0; oy0 < ho; oy0 += perChunk) {
                int lines = Math.min(perChunk, ho - oy0);
                int len = lines * lineLen;
                load(cols, colsOff, chunk, len);
                colsOff += len;
                for (int j = 0; j < lines; j++) {
                    int iy0 = (oy0 + j) * stride - padding;
                    for (int ci = 0; ci < channels; ci++) {
                        for (int ky = 0; ky < kernel; ky++) {
                            int iy = iy0 + ky;
                            if (iy < 0 || iy >= height) {
                                continue; // a padding row: its terms are dropped
                            }
                            int d0 = j * lineLen + (ci * kernel + ky) * kernel;
                            int dst = ci * plane + iy * width - padding;
                            for (int ox = 0; ox < in0; ox++) {
                                scatterBorder(chunk, d0 + ox * rowLen, acc, dst, ox * stride, kernel, padding, width);
                            }
                            addInterior(
                                    chunk,
                                    d0 + in0 * rowLen,
                                    rowLen,
                                    acc,
                                    dst + in0 * stride,
                                    stride,
                                    kernel,
                                    in1 - in0);
                            for (int ox = in1; ox < wo; ox++) {
                                scatterBorder(chunk, d0 + ox * rowLen, acc, dst, ox * stride, kernel, padding, width);
                            }
                        }
                    }
                }
            }
            for (int i = 0; i < imageLen; i++) {
                img[i] = (float) acc[i];
            }
            store(img, dx, (long) n * imageLen, imageLen);
        }
    }

    /** acc[dst + o + kx] += chunk[d + kx] where pixel o + kx − p is in [0, width). */
    private static void scatterBorder(
            float[] chunk, int d, double[] acc, int dst, int o, int kernel, int padding, int width) {
        for (int kx = 0; kx < kernel; kx++) {
            int ix = o + kx - padding;
            if (ix >= 0 && ix < width) {
                acc[dst + o + kx] += chunk[d + kx];
            }
        }
    }

    /**
     * The interior of one (oy, ci, ky): for each of {@code count} consecutive ox, acc[q .. q + k) +=
     * chunk[d .. d + k), in ascending ox order. For k = 3, stride 1, consecutive ox overlap in two
     * pixels, so a plain scatter would wait on its own stores; the three pixels in flight are kept
     * in registers instead, which adds the same terms in the same order (the same bits); with
     * stride 2 they overlap in one pixel, kept in a register likewise.
     */
    private static void addInterior(
            float[] chunk, int d, int rowLen, double[] acc, int q, int stride, int kernel, int count) {
        if (count == 0) {
            return; // no interior: q may point past the image, and the register paths read acc[q]
        }
        if (kernel == 3 && stride == 1) {
            double a = acc[q]; // pixel q: gets its kx = 0 term (its last in this row) next
            double b = acc[q + 1];
            for (int i = 0; i < count; i++, d += rowLen, q++) {
                double c = acc[q + 2] + chunk[d + 2]; // first term of pixel q + 2 in this row
                acc[q] = a + chunk[d];
                a = b + chunk[d + 1];
                b = c;
            }
            acc[q] = a;
            acc[q + 1] = b;
            return;
        }
        if (kernel == 3 && stride == 2) {
            double a = acc[q]; // pixel q: its kx = 2 term from the previous ox is already in
            for (int i = 0; i < count; i++, d += rowLen, q += 2) {
                acc[q] = a + chunk[d];
                acc[q + 1] += chunk[d + 1];
                a = acc[q + 2] + chunk[d + 2]; // shared with the next ox (its kx = 0)
            }
            acc[q] = a;
            return;
        }
        for (int i = 0; i < count; i++, d += rowLen, q += stride) {
            for (int kx = 0; kx < kernel; kx++) {
                acc[q + kx] += chunk[d + kx];
            }
        }
    }

    /** Side of the square blocks of {@link #batchedTranspose}: a 32×32 float block is 4 KiB. */
    private static final int BLOCK = 32;

    /**
     * out[(n·cols + c)·rows + r] = in[(n·rows + r)·cols + c]: each rows×cols matrix is copied into a
     * heap array, transposed in BLOCK×BLOCK blocks into a second one (so that both the rows read and
     * the rows written of a block stay in L1, instead of striding through the whole matrix once per
     * output element) and copied out.
     */
    static void batchedTranspose(Tiles t, MemorySegment in, MemorySegment out, int batch, int rows, int cols) {
        int len = rows * cols;
        if (len == 0) {
            return;
        }
        float[] src = t.image(len); // [rows, cols] matrix n
        float[] dst = t.row(len); // [cols, rows] its transpose
        for (int n = 0; n < batch; n++) {
            load(in, (long) n * len, src, len);
            for (int r0 = 0; r0 < rows; r0 += BLOCK) {
                int r1 = Math.min(rows, r0 + BLOCK);
                for (int c0 = 0; c0 < cols; c0 += BLOCK) {
                    int c1 = Math.min(cols, c0 + BLOCK);
                    for (int r = r0; r < r1; r++) {
                        int from = r * cols;
                        for (int c = c0; c < c1; c++) {
                            dst[c * rows + r] = src[from + c];
                        }
                    }
                }
            }
            store(dst, out, (long) n * len, len);
        }
    }
}
