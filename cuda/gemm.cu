// Single-precision GEMM, the Ops.gemm contract: C[m×n] = alpha·op(A)·op(B) + beta·C, row-major,
// op(A) m×k (A stored m×k, or k×m when trans_a), op(B) k×n (B stored k×n, or n×k when trans_b),
// leading dimensions lda, ldb, ldc in elements. With beta = 0, C is only written, never read (so
// NaN in C does not propagate). Twin: OpenBLAS cblas_sgemm via backend/cpu/OpenBlas.java.
#include "kernel.cuh"

// C tile per block GEMM_TILE × GEMM_TILE, k step GEMM_K, block GEMM_THREADS × GEMM_THREADS, each
// thread GEMM_WORK × GEMM_WORK outputs (GEMM_TILE = GEMM_THREADS·GEMM_WORK).
#define GEMM_TILE 64
#define GEMM_K 16
#define GEMM_THREADS 16
#define GEMM_WORK 4

// Launch: block (16, 16), grid (⌈n/64⌉, ⌈m/64⌉) (LaunchShapes.gemm; m, n ≥ 1, m ≤ 64·65535).
// A shared-memory tiled product: per k step the block stages a 64×16 tile of op(A) and a 16×64 tile
// of op(B) in shared memory (each element loaded from global memory once per block, 4 per thread,
// with the fastest-varying thread index along the stored row so loads are coalesced for either
// transpose), then each thread accumulates a 4×4 register tile from them, reusing every shared
// value 4 times. The thread's outputs are strided by 16 (rows ty + 16i, columns tx + 16j) so a
// warp's shared reads are broadcasts or consecutive words and its stores to C are coalesced.
// Products are fused (fmaf) in ascending k, so the emulator computes the device's exact bits.
extern "C" __global__ void sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a,
                                 int lda, const float* b, int ldb, float beta, float* c, int ldc) {
    __shared__ float a_tile[GEMM_K][GEMM_TILE];  // [kk][row] of op(A)
    __shared__ float b_tile[GEMM_K][GEMM_TILE];  // [kk][col] of op(B)
    int tx = (int)threadIdx.x;
    int ty = (int)threadIdx.y;
    int tid = ty * GEMM_THREADS + tx;
    int row0 = (int)blockIdx.y * GEMM_TILE;
    int col0 = (int)blockIdx.x * GEMM_TILE;
    float acc[GEMM_WORK][GEMM_WORK] = {};
    for (int k0 = 0; k0 < k; k0 += GEMM_K) {
        for (int e = tid; e < GEMM_TILE * GEMM_K; e += GEMM_THREADS * GEMM_THREADS) {
            // op(A)(row, kk): stored A[row, kk] (consecutive e along kk) or A[kk, row] (along row).
            int row = trans_a ? e % GEMM_TILE : e / GEMM_K;
            int kk = trans_a ? e / GEMM_TILE : e % GEMM_K;
            int gr = row0 + row, gk = k0 + kk;
            bool inside = gr < m && gk < k;
            long long at = trans_a ? (long long)gk * lda + gr : (long long)gr * lda + gk;
            a_tile[kk][row] = inside ? a[at] : 0.0f;
            // op(B)(kk, col): stored B[kk, col] (consecutive e along col) or B[col, kk] (along kk).
            int col = trans_b ? e / GEMM_K : e % GEMM_TILE;
            kk = trans_b ? e % GEMM_K : e / GEMM_TILE;
            int gc = col0 + col;
            gk = k0 + kk;
            inside = gc < n && gk < k;
            long long bt = trans_b ? (long long)gc * ldb + gk : (long long)gk * ldb + gc;
            b_tile[kk][col] = inside ? b[bt] : 0.0f;
        }
        __syncthreads();
        for (int kk = 0; kk < GEMM_K; ++kk) {
            float av[GEMM_WORK], bv[GEMM_WORK];
            for (int i = 0; i < GEMM_WORK; ++i) {
                av[i] = a_tile[kk][ty + GEMM_THREADS * i];
                bv[i] = b_tile[kk][tx + GEMM_THREADS * i];
            }
            for (int i = 0; i < GEMM_WORK; ++i) {
                for (int j = 0; j < GEMM_WORK; ++j) {
                    acc[i][j] = fmaf(av[i], bv[j], acc[i][j]);
                }
            }
        }
        __syncthreads();  // the tiles are refilled in the next k step
    }
    for (int i = 0; i < GEMM_WORK; ++i) {
        int row = row0 + ty + GEMM_THREADS * i;
        for (int j = 0; j < GEMM_WORK; ++j) {
            int col = col0 + tx + GEMM_THREADS * j;
            if (row < m && col < n) {
                float* out = c + (long long)row * ldc + col;
                *out = beta == 0.0f ? alpha * acc[i][j] : fmaf(alpha, acc[i][j], beta * *out);
            }
        }
    }
}

EMU_KERNEL(sgemm);
