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
 * image is held in a heap scratch array and the rows of its patch matrix stream through a heap chunk
 * of whole rows, so the native segments are touched only by bulk copies. Sizes are checked by {@link
 * CpuOps}.
 */
final class ConvKernels {
    private ConvKernels() {}

    /** Rows of the patch matrix per chunk: about a tile of floats, at least one row. */
    private static int rowsPerChunk(int rowLen) {
        return Math.max(1, Tiles.TILE / rowLen);
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
        int chunkLen = rowsPerChunk(rowLen) * rowLen;
        float[] img = t.image(imageLen); // [C, H, W] image n
        float[] chunk = t.row(chunkLen); // [rows, C·k·k] consecutive rows of cols
        long colsOff = 0;
        for (int n = 0; n < batch; n++) {
            load(x, (long) n * imageLen, img, imageLen);
            int filled = 0;
            for (int oy = 0; oy < ho; oy++) {
                int iy0 = oy * stride - padding;
                for (int ox = 0; ox < wo; ox++) {
                    int ix0 = ox * stride - padding;
                    int i = filled;
                    for (int ci = 0; ci < channels; ci++) {
                        int cbase = ci * plane;
                        for (int ky = 0; ky < kernel; ky++) {
                            int iy = iy0 + ky;
                            if (iy < 0 || iy >= height) {
                                Arrays.fill(chunk, i, i + kernel, 0f);
                                i += kernel;
                                continue;
                            }
                            int src = cbase + iy * width;
                            for (int kx = 0; kx < kernel; kx++) {
                                int ix = ix0 + kx;
                                chunk[i++] = ix >= 0 && ix < width ? img[src + ix] : 0f;
                            }
                        }
                    }
                    filled = i;
                    if (filled == chunkLen) {
                        store(chunk, cols, colsOff, filled);
                        colsOff += filled;
                        filled = 0;
                    }
                }
            }
            if (filled > 0) {
                store(chunk, cols, colsOff, filled);
                colsOff += filled;
            }
        }
    }

    /**
     * dx[n, ci, iy, ix] = Σ cols[(n, oy, ox), (ci, ky, kx)] over the (oy, ox, ky, kx) with oy·s + ky
     * − p = iy and ox·s + kx − p = ix (padding entries dropped); shapes as in {@link #im2col}.
     * Scatters each image's rows in ascending row then column order into double accumulators and
     * rounds each pixel once, so every element has one fixed summation order (bit-identical run to
     * run).
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
        int perChunk = rowsPerChunk(rowLen);
        int rows = ho * wo; // rows of one image
        double[] acc = t.imageDouble(imageLen); // [C, H, W] sums for image n
        float[] img = t.image(imageLen); // [C, H, W] image n rounded
        float[] chunk = t.row(perChunk * rowLen); // [rows, C·k·k] consecutive rows of cols
        long colsOff = 0;
        for (int n = 0; n < batch; n++) {
            Arrays.fill(acc, 0, imageLen, 0.0);
            for (int r0 = 0; r0 < rows; r0 += perChunk) {
                int count = Math.min(perChunk, rows - r0);
                load(cols, colsOff, chunk, count * rowLen);
                colsOff += (long) count * rowLen;
                for (int j = 0; j < count; j++) {
                    int r = r0 + j;
                    int iy0 = (r / wo) * stride - padding;
                    int ix0 = (r % wo) * stride - padding;
                    int i = j * rowLen;
                    for (int ci = 0; ci < channels; ci++) {
                        int cbase = ci * plane;
                        for (int ky = 0; ky < kernel; ky++) {
                            int iy = iy0 + ky;
                            if (iy < 0 || iy >= height) {
                                i += kernel;
                                continue;
                            }
                            int dst = cbase + iy * width;
                            for (int kx = 0; kx < kernel; kx++, i++) {
                                int ix = ix0 + kx;
                                if (ix >= 0 && ix < width) {
                                    acc[dst + ix] += chunk[i];
                                }
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
