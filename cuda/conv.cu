// Convolution by im2col + GEMM, and the batched transpose between the GEMM's row layout and
// channels-first images. Twin: backend/cpu/ConvKernels.java (layouts in Ops.im2col).
//
// Shapes: x, dx: [batch, C, H, W]; cols: [batch·Ho·Wo, C·k·k] with Ho = ⌊(H + 2p − k)/s⌋ + 1 and
// Wo likewise (the caller checked Ho, Wo ≥ 1 and that C·H·W, C·k·k and batch·Ho·Wo fit in int;
// their products, the buffer lengths, may not, so element indices are 64-bit).
#include "kernel.cuh"

// Tile edge of batched_transpose; its block is TRANSPOSE_TILE × TRANSPOSE_ROWS threads.
#define TRANSPOSE_TILE 32
#define TRANSPOSE_ROWS 8

// cols[(n·Ho + oy)·Wo + ox, (ci·k + ky)·k + kx] = x[n, ci, oy·s + ky − p, ox·s + kx − p], or 0 where
// that pixel is padding.
// Launch: 1-D grid-stride over the batch·Ho·Wo·C·k·k elements of cols (LaunchShapes.elementwise):
// one thread per output element, so the writes are coalesced; the reads of a warp fall in a few
// rows of one image plane and are served by the cache.
extern "C" __global__ void im2col(const float* x, float* cols, int batch, int channels, int height, int width,
                                  int kernel, int stride, int padding) {
    int ho = (height + 2 * padding - kernel) / stride + 1;
    int wo = (width + 2 * padding - kernel) / stride + 1;
    int row_len = channels * kernel * kernel;
    long long total = (long long)batch * ho * wo * row_len;
    for (long long i = grid_start(); i < total; i += grid_stride()) {
        long long r = i / row_len;  // (n·Ho + oy)·Wo + ox
        int c = (int)(i % row_len);  // (ci·k + ky)·k + kx
        int ox = (int)(r % wo);
        int oy = (int)(r / wo % ho);
        int n = (int)(r / ((long long)wo * ho));
        int kx = c % kernel;
        int ky = c / kernel % kernel;
        int ci = c / (kernel * kernel);
        int iy = oy * stride + ky - padding;
        int ix = ox * stride + kx - padding;
        bool inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
        cols[i] = inside ? x[(((long long)n * channels + ci) * height + iy) * width + ix] : 0.0f;
    }
}

// dx[n, ci, iy, ix] = Σ cols[(n·Ho + oy)·Wo + ox, (ci·k + ky)·k + kx] over the (oy, ox) with
// ky = iy + p − oy·s and kx = ix + p − ox·s in [0, k): the adjoint of im2col.
// Launch: 1-D grid-stride over the batch·C·H·W pixels of dx (LaunchShapes.elementwise). Each
// thread gathers its own pixel instead of windows scattering into dx: no atomics and no races, and
// each pixel is summed in ascending (oy, ox) order in double and rounded once, the twin's order,
// so the result is bit-identical to the CPU's and run to run.
extern "C" __global__ void col2im(const float* cols, float* dx, int batch, int channels, int height, int width,
                                  int kernel, int stride, int padding) {
    int ho = (height + 2 * padding - kernel) / stride + 1;
    int wo = (width + 2 * padding - kernel) / stride + 1;
    int row_len = channels * kernel * kernel;
    long long total = (long long)batch * channels * height * width;
    for (long long i = grid_start(); i < total; i += grid_stride()) {
        int ix = (int)(i % width);
        int iy = (int)(i / width % height);
        int ci = (int)(i / ((long long)width * height) % channels);
        long long n = i / ((long long)width * height * channels);
        // Windows covering the pixel: oy·s ≤ iy + p and oy·s > iy + p − k, within [0, Ho).
        int py = iy + padding;
        int px = ix + padding;
        int oy_lo = py < kernel ? 0 : (py - kernel) / stride + 1;
        int oy_hi = py / stride < ho ? py / stride : ho - 1;
        int ox_lo = px < kernel ? 0 : (px - kernel) / stride + 1;
        int ox_hi = px / stride < wo ? px / stride : wo - 1;
        double sum = 0.0;
        for (int oy = oy_lo; oy <= oy_hi; ++oy) {
            int ky = py - oy * stride;
            for (int ox = ox_lo; ox <= ox_hi; ++ox) {
                int kx = px - ox * stride;
                long long r = (n * ho + oy) * wo + ox;
                sum += cols[r * row_len + (ci * kernel + ky) * kernel + kx];
            }
        }
        dx[i] = (float)sum;
    }
}

// out[(n·cols + c)·rows + r] = in[(n·rows + r)·cols + c]: in: [batch, rows, cols] → out: [batch,
// cols, rows], e.g. between the GEMM's [batch·Ho·Wo, Cout] rows and channels-first [batch, Cout,
// Ho·Wo] images.
// Launch: block (TRANSPOSE_TILE, TRANSPOSE_ROWS), grid (⌈cols/32⌉, ⌈rows/32⌉, min(batch, 65535)),
// looping over batches by gridDim.z (LaunchShapes.batchedTranspose). A block moves one 32×32 tile
// through shared memory, so both the reads of in and the writes of out are coalesced along a warp;
// the +1 column pads each tile row so that reading a tile column hits 32 different banks.
extern "C" __global__ void batched_transpose(const float* in, float* out, int batch, int rows, int cols) {
    __shared__ float tile[TRANSPOSE_TILE][TRANSPOSE_TILE + 1];
    int c0 = (int)blockIdx.x * TRANSPOSE_TILE;
    int r0 = (int)blockIdx.y * TRANSPOSE_TILE;
    int tx = (int)threadIdx.x;
    int ty = (int)threadIdx.y;
    long long plane = (long long)rows * cols;
    for (long long n = blockIdx.z; n < batch; n += gridDim.z) {
        const float* src = in + n * plane;
        float* dst = out + n * plane;
        for (int dy = ty; dy < TRANSPOSE_TILE; dy += TRANSPOSE_ROWS) {
            int r = r0 + dy, c = c0 + tx;
            if (r < rows && c < cols) {
                tile[dy][tx] = src[(long long)r * cols + c];
            }
        }
        __syncthreads();
        for (int dy = ty; dy < TRANSPOSE_TILE; dy += TRANSPOSE_ROWS) {
            int c = c0 + dy, r = r0 + tx;
            if (c < cols && r < rows) {
                dst[(long long)c * rows + r] = tile[tx][dy];
            }
        }
        __syncthreads();  // the tile is refilled for the next batch
    }
}

EMU_KERNEL(im2col);
EMU_KERNEL(col2im);
EMU_KERNEL(batched_transpose);
