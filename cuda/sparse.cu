// The products of a layer whose input h is mostly exact zeros, with h in CSR (backend.SparseOps).
// Twin: backend/cpu/SparseKernels.java (CpuSparseOps). Shapes, for B rows, N_in inputs and N_out
// outputs, all row-major: h [B × N_in] as CSR (row_start [B + 1], col and val [nnz], columns
// increasing within a row), Wᵀ [N_in × N_out], δ [B × N_out], z [B × N_out], dH [B × N_in].
//
// Every kernel here runs blocks of SPARSE_THREADS = 256 threads (LaunchShapes.SPARSE_THREADS) and
// cooperates only through shared memory and __syncthreads: no warp shuffles or votes (the host
// emulator does not model warps) and no atomics, so every result is bit-identical run to run. Sums
// are fused multiply-adds (fmaf) in a fixed order, so the emulator computes the device's bits.
//
// Building the CSR on the device: per-row counts (compress_count), an exclusive scan of the counts
// into row_start (compress_offsets), then a fill pass (compress_fill) that writes each row's
// nonzeros at its offset in column order. Three passes rather than a fixed per-row capacity
// layout because the result is then the standard CSR that cuSPARSE takes too (the baseline in
// CusparseSparseOps reads the very same buffers), and no product has to skip gaps. With φ applied
// on the fly (mode 1 or 2) the pre-activation z is read twice and the dense h is never written: the
// activation and the compaction are one pass over memory as far as h is concerned.
#include "kernel.cuh"
#include "activation_profile.cuh"

#define SPARSE_THREADS 256
// Output columns per thread of sparse_weight_gradient (strided by SPARSE_THREADS, so coalesced).
#define WG_OUT_PER_THREAD 4
// Threads that share one dot product in masked_input_gradient (SPARSE_THREADS / DOT_LANES teams).
#define DOT_LANES 32

// What compress_count and compress_fill store of x: mode 0 the value itself (compressRows), mode 1
// the one-sided profile g(x) (ReLU, ReLU_τ, CReLU), mode 2 the odd profile sign(x)·g(|x|) (ST,
// CST), with the very functions the forward activation kernels use, so the stored values are
// exactly the ones Ops.activationForward writes.
static __device__ __forceinline__ float compressed_value(int mode, float x, float tau, float clip) {
    return mode == 0 ? x : mode == 1 ? profile(x, tau, clip) : odd_profile(x, tau, clip);
}

// Inclusive prefix sum of each thread's value over the block (Hillis–Steele in shared memory, log₂
// 256 = 8 steps); s: [SPARSE_THREADS] shared. Returns thread t's inclusive sum; the block's total is
// then s[blockDim.x − 1]. Ends with a barrier, but the caller must add another before s is reused.
static __device__ __forceinline__ int block_inclusive_scan(int* s, int mine) {
    unsigned t = threadIdx.x;
    s[t] = mine;
    __syncthreads();
    for (unsigned offset = 1; offset < blockDim.x; offset *= 2) {
        int add = t >= offset ? s[t - offset] : 0;
        __syncthreads();
        s[t] += add;
        __syncthreads();
    }
    return s[t];
}

// row_start[r + 1] = #{j : compressed_value(x[r, j]) ≠ 0} for r < rows; x: [rows × cols]. Exact
// zeros of either sign are dropped (NaN is kept, as in the twin).
// Launch: one block per row, grid max(1, rows) (LaunchShapes.sparseRows).
extern "C" __global__ void compress_count(int mode, float tau, float clip, const float* x, int rows, int cols,
                                          int* row_start) {
    __shared__ int s[SPARSE_THREADS];
    int r = (int)blockIdx.x;
    if (r >= rows) {
        return;  // the whole block: no barrier is skipped by only some threads
    }
    const float* row = x + (long long)r * cols;
    int mine = 0;
    for (int j = (int)threadIdx.x; j < cols; j += (int)blockDim.x) {
        mine += compressed_value(mode, row[j], tau, clip) != 0.0f ? 1 : 0;
    }
    block_inclusive_scan(s, mine);
    if (threadIdx.x == 0) {
        row_start[r + 1] = s[blockDim.x - 1];
    }
}

// In place: row_start[0] = 0 and row_start[r + 1] = Σ_{i ≤ r} count_i, where row_start[i + 1] held
// count_i (from compress_count), for r < rows; row_start: [rows + 1].
// Launch: a single block (LaunchShapes.sparseScan); the rows are scanned SPARSE_THREADS at a time
// with a running carry. rows is a batch size (≤ a few thousand), so one block costs microseconds.
extern "C" __global__ void compress_offsets(int* row_start, int rows) {
    __shared__ int s[SPARSE_THREADS];
    int carry = 0;
    for (int r0 = 0; r0 < rows; r0 += (int)blockDim.x) {
        int r = r0 + (int)threadIdx.x;
        int inclusive = block_inclusive_scan(s, r < rows ? row_start[r + 1] : 0);
        if (r < rows) {
            row_start[r + 1] = carry + inclusive;
        }
        carry += s[blockDim.x - 1];
        __syncthreads();  // every thread has read the total before s is refilled
    }
    if (threadIdx.x == 0) {
        row_start[0] = 0;
    }
}

// col[k], val[k] for k in [row_start[r], row_start[r + 1]): the nonzeros of compressed_value(x[r, :])
// in increasing column order; x: [rows × cols], row_start from compress_offsets.
// Launch: one block per row, grid max(1, rows) (LaunchShapes.sparseRows). The row is taken
// SPARSE_THREADS columns at a time: each thread flags its element, a block scan of the flags gives
// each nonzero its slot, so the reads of x are coalesced and the order is the column order.
extern "C" __global__ void compress_fill(int mode, float tau, float clip, const float* x, int rows, int cols,
                                         const int* row_start, int* col, float* val) {
    __shared__ int s[SPARSE_THREADS];
    int r = (int)blockIdx.x;
    if (r >= rows) {
        return;
    }
    const float* row = x + (long long)r * cols;
    int next = row_start[r];  // slot of the chunk's first nonzero
    for (int j0 = 0; j0 < cols; j0 += (int)blockDim.x) {
        int j = j0 + (int)threadIdx.x;
        float v = j < cols ? compressed_value(mode, row[j], tau, clip) : 0.0f;
        int keep = v != 0.0f ? 1 : 0;
        int inclusive = block_inclusive_scan(s, keep);
        if (keep) {
            col[next + inclusive - 1] = j;
            val[next + inclusive - 1] = v;
        }
        next += s[blockDim.x - 1];
        __syncthreads();
    }
}

// z[r, o] = b[o] + Σ_{k ∈ row r} val[k]·Wᵀ[col[k], o] (b = 0 when has_bias = 0; bias is then not
// read); wt: [N_in × out_cols], bias: [out_cols], z: [rows × out_cols].
// Launch: block SPARSE_THREADS, grid (max(1, rows), ⌈out_cols/256⌉) (LaunchShapes.sparseForward):
// one block per row and tile of 256 output columns, one column per thread. The row's (col, val)
// pairs are staged in shared memory 256 at a time and read by every thread as broadcasts; each
// thread then streams a row of Wᵀ whose 256 consecutive elements the block reads coalesced.
// Terms are added in increasing k (column) order, so the result does not depend on the launch.
extern "C" __global__ void sparse_dense_forward(const int* row_start, const int* col, const float* val, int rows,
                                                const float* wt, int has_bias, const float* bias, float* z,
                                                int out_cols) {
    __shared__ int s_col[SPARSE_THREADS];
    __shared__ float s_val[SPARSE_THREADS];
    int r = (int)blockIdx.x;
    if (r >= rows) {
        return;
    }
    int o = (int)blockIdx.y * (int)blockDim.x + (int)threadIdx.x;
    bool mine = o < out_cols;
    float acc = has_bias && mine ? bias[o] : 0.0f;
    int end = row_start[r + 1];
    for (int k0 = row_start[r]; k0 < end; k0 += (int)blockDim.x) {
        int k = k0 + (int)threadIdx.x;
        if (k < end) {
            s_col[threadIdx.x] = col[k];
            s_val[threadIdx.x] = val[k];
        }
        __syncthreads();
        int count = end - k0 < (int)blockDim.x ? end - k0 : (int)blockDim.x;
        if (mine) {
            for (int q = 0; q < count; ++q) {
                acc = fmaf(s_val[q], wt[(long long)s_col[q] * out_cols + o], acc);
            }
        }
        __syncthreads();  // the stage is refilled for the next k0
    }
    if (mine) {
        z[(long long)r * out_cols + o] = acc;
    }
}

// dWᵀ[j, o] = Σ_{r : j ∈ nz(r)} h[r, j]·δ[r, o]; delta: [rows × out_cols], dwt: [in_cols × out_cols]
// (Wᵀ's layout: CudaSparseOps transposes it into dW [out_cols × in_cols] with batched_transpose).
// Launch: block SPARSE_THREADS, grid (in_cols, ⌈out_cols/1024⌉) (LaunchShapes.sparseWeightGradient):
// one block per input column j and tile of 1024 outputs, 4 per thread (strided by 256: coalesced).
// Column ownership instead of atomics: the block alone writes row j of dWᵀ, so the sum has a fixed
// order (increasing r) and no two blocks touch the same element. The block finds column j's
// entries itself (the CSR has no column index): 256 rows at a time, each thread binary-searches
// its row's sorted columns for j, a block scan compacts the hits into shared memory in row order,
// and every thread adds hit·δ[r, o] for its outputs. That is B·log(nnz per row) searches per
// block, small next to the B·(1 − s)·N_out multiply-adds once N_out is in the hundreds.
extern "C" __global__ void sparse_weight_gradient(const int* row_start, const int* col, const float* val, int rows,
                                                  int in_cols, const float* delta, float* dwt, int out_cols) {
    __shared__ int s[SPARSE_THREADS];
    __shared__ int s_row[SPARSE_THREADS];
    __shared__ float s_val[SPARSE_THREADS];
    int j = (int)blockIdx.x;
    if (j >= in_cols) {
        return;
    }
    int o0 = (int)blockIdx.y * (int)blockDim.x * WG_OUT_PER_THREAD + (int)threadIdx.x;
    float acc[WG_OUT_PER_THREAD] = {};
    for (int r0 = 0; r0 < rows; r0 += (int)blockDim.x) {
        int r = r0 + (int)threadIdx.x;
        int hit = 0;
        float h = 0.0f;
        if (r < rows) {
            int lo = row_start[r], hi = row_start[r + 1];  // search [lo, hi) for column j
            while (lo < hi) {
                int mid = lo + (hi - lo) / 2;
                if (col[mid] < j) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if (lo < row_start[r + 1] && col[lo] == j) {
                hit = 1;
                h = val[lo];
            }
        }
        int inclusive = block_inclusive_scan(s, hit);
        int hits = s[blockDim.x - 1];
        if (hit) {
            s_row[inclusive - 1] = r;
            s_val[inclusive - 1] = h;
        }
        __syncthreads();
        for (int m = 0; m < hits; ++m) {
            const float* d = delta + (long long)s_row[m] * out_cols;
            for (int q = 0; q < WG_OUT_PER_THREAD; ++q) {
                int o = o0 + q * (int)blockDim.x;
                if (o < out_cols) {
                    acc[q] = fmaf(s_val[m], d[o], acc[q]);
                }
            }
        }
        __syncthreads();  // s, s_row and s_val are refilled for the next r0
    }
    for (int q = 0; q < WG_OUT_PER_THREAD; ++q) {
        int o = o0 + q * (int)blockDim.x;
        if (o < out_cols) {
            dwt[(long long)j * out_cols + o] = acc[q];
        }
    }
}

// Masked input gradient (SDDMM): dH[r, j] = Σ_o δ[r, o]·Wᵀ[j, o] for j ∈ nz(r), +0 for the other
// j; delta: [rows × out_cols], wt: [in_cols × out_cols], dh: [rows × in_cols]. Only the mask's
// structure (row_start, col) is read.
// Launch: block SPARSE_THREADS, grid max(1, rows) (LaunchShapes.sparseRows): one block per row.
// The block first writes the row's zeros (coalesced), then, after a barrier, its 8 teams of 32
// threads take the row's entries 8 at a time: a team's 32 threads read δ[r, :] and Wᵀ[j, :]
// coalesced, each accumulating every 32nd product, and add their 32 partial sums with a fixed tree
// in shared memory (barriers, not warp shuffles: the emulator has no warps).
extern "C" __global__ void masked_input_gradient(const int* row_start, const int* col, int rows, int in_cols,
                                                 const float* delta, const float* wt, float* dh, int out_cols) {
    __shared__ float s[SPARSE_THREADS];
    int r = (int)blockIdx.x;
    if (r >= rows) {
        return;
    }
    float* out = dh + (long long)r * in_cols;
    for (int j = (int)threadIdx.x; j < in_cols; j += (int)blockDim.x) {
        out[j] = 0.0f;
    }
    __syncthreads();  // the zeros land before any entry's value overwrites one
    const float* d = delta + (long long)r * out_cols;
    int lane = (int)threadIdx.x % DOT_LANES;
    int team = (int)threadIdx.x / DOT_LANES;
    int teams = (int)blockDim.x / DOT_LANES;
    int end = row_start[r + 1];
    for (int k0 = row_start[r]; k0 < end; k0 += teams) {
        int k = k0 + team;
        float partial = 0.0f;
        int j = 0;
        if (k < end) {
            j = col[k];
            const float* w = wt + (long long)j * out_cols;
            for (int o = lane; o < out_cols; o += DOT_LANES) {
                partial = fmaf(d[o], w[o], partial);
            }
        }
        s[threadIdx.x] = partial;
        __syncthreads();
        for (int half = DOT_LANES / 2; half > 0; half /= 2) {
            if (lane < half) {
                s[threadIdx.x] += s[threadIdx.x + half];
            }
            __syncthreads();
        }
        if (lane == 0 && k < end) {
            out[j] = s[threadIdx.x];
        }
        // No barrier needed before the next k0: each thread next writes only its own s slot, and
        // lane 0 has read its team's total from its own slot.
    }
}

EMU_KERNEL(compress_count);
EMU_KERNEL(compress_offsets);
EMU_KERNEL(compress_fill);
EMU_KERNEL(sparse_dense_forward);
EMU_KERNEL(sparse_weight_gradient);
EMU_KERNEL(masked_input_gradient);
