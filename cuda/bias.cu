// Bias of a dense layer over a row-major rows×cols matrix. Twin: backend/cpu/DenseKernels.java.
#include "kernel.cuh"

// z[r·cols + c] += bias[c]; z: [rows, cols], bias: [cols].
// Launch: 1-D grid-stride over the rows·cols elements (LaunchShapes.elementwise): consecutive
// threads touch consecutive elements of z, and bias is small enough to stay in cache.
extern "C" __global__ void bias_add(float* z, const float* bias, int rows, int cols) {
    long long n = (long long)rows * cols;
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        z[i] += bias[i % cols];
    }
}

// dbias[c] = Σ_r dz[r·cols + c]; dz: [rows, cols], dbias: [cols] (overwritten).
// Launch: 1-D, one thread per column, block 256, grid ⌈cols/256⌉ (LaunchShapes.perColumn). Each
// thread adds its column in ascending row order in double and rounds once, exactly as the twin,
// so the result is bit-identical to the CPU's and needs no cross-thread reduction; the threads of
// a warp read consecutive columns of a row, so the loads are coalesced.
extern "C" __global__ void bias_gradient(const float* dz, float* dbias, int rows, int cols) {
    long long c = grid_start();
    if (c >= cols) {
        return;
    }
    double sum = 0.0;
    for (long long r = 0; r < rows; ++r) {
        sum += dz[r * cols + c];
    }
    dbias[c] = (float)sum;
}

EMU_KERNEL(bias_add);
EMU_KERNEL(bias_gradient);
