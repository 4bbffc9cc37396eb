// Vector fill, scale and sum of squares. Twin: backend/cpu/VectorKernels.java.
#include "kernel.cuh"

// x[i] = value for i < n; x: [n]. Launch: 1-D grid-stride (LaunchShapes.elementwise).
extern "C" __global__ void fill(float* x, long long n, float value) {
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        x[i] = value;
    }
}

// x[i] *= factor for i < n; x: [n]. Launch: 1-D grid-stride (LaunchShapes.elementwise).
extern "C" __global__ void scale(float* x, long long n, float factor) {
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        x[i] *= factor;
    }
}

// Adds the per-thread values in sums: [blockDim.x] (dynamic shared) with a fixed halving tree and
// returns the total in thread 0's slot; blockDim.x must be a power of two. Fixed order, no atomics:
// the same launch shape gives the same bits every run.
static __device__ __forceinline__ double block_sum(double* sums, double mine) {
    unsigned t = threadIdx.x;
    sums[t] = mine;
    __syncthreads();
    for (unsigned half = blockDim.x / 2; half > 0; half /= 2) {
        if (t < half) {
            sums[t] += sums[t + half];
        }
        __syncthreads();
    }
    return sums[0];
}

// partials[b] = Σ x[i]² over block b's grid-stride share of x: [n], in double (the square of a
// float is exact in double); x: [n], partials: [gridDim.x]. reduce_partials then adds them.
// Launch: 1-D, block a power of two (256), grid ≤ 1024, dynamic shared blockDim.x doubles
// (LaunchShapes.sumOfSquares): a two-pass reduction in fixed order, so Ops.sumOfSquares is
// bit-reproducible, which float atomics would not be.
extern "C" __global__ void sum_of_squares(const float* x, long long n, double* partials) {
    DYNAMIC_SHARED(double, sums);  // [blockDim.x]
    double mine = 0.0;
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        double v = x[i];
        mine += v * v;
    }
    double total = block_sum(sums, mine);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = total;
    }
}

// out[r] = Σ_j partials[r·count + j] for j < count: the second pass of sum_of_squares (one row)
// and activation_stats (four rows). partials: [rows, count], out: [rows].
// Launch: one block per row, grid = rows, block a power of two (256), dynamic shared blockDim.x
// doubles (LaunchShapes.reducePartials); fixed order as in block_sum.
extern "C" __global__ void reduce_partials(const double* partials, int count, double* out) {
    DYNAMIC_SHARED(double, sums);  // [blockDim.x]
    const double* row = partials + (long long)blockIdx.x * count;
    double mine = 0.0;
    for (int j = (int)threadIdx.x; j < count; j += (int)blockDim.x) {
        mine += row[j];
    }
    double total = block_sum(sums, mine);
    if (threadIdx.x == 0) {
        out[blockIdx.x] = total;
    }
}

EMU_KERNEL(fill);
EMU_KERNEL(scale);
EMU_KERNEL(sum_of_squares);
EMU_KERNEL(reduce_partials);
