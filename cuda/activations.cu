// The five activations, forward h = φ(z) and backward dz = dh·φ'(z), and their statistics.
// Twin: backend/cpu/ActivationKernels.java. Every kind is the one-sided profile
// g(x) = min(max(x − τ, 0), m) (ReLU: τ = 0; unclipped kinds: m = +∞), applied as g(z) (ReLU,
// ReLU_τ, CReLU) or sign(z)·g(|z|) (ST, CST).
//
// Exactness, as in the twin: for floats z and τ the rounded z − τ is > 0 exactly when z > τ, so
// the forward zeros are exactly the z with z ≤ τ (|z| ≤ τ), and every zero written is +0. φ' is 1
// exactly on τ < z < u, where u = upper_kink(τ, m) is the smallest float ≥ τ + m (the sum taken in
// double, as Activation.derivative does), and 0 at both kinks.
//
// Launch shape of every kernel here except activation_stats: a 1-D grid-stride loop, block 256,
// grid min(⌈n/256⌉, 4096) (LaunchShapes.elementwise); any grid is correct, the cap only bounds the
// number of blocks. Elementwise work is memory-bound, so one element per thread per iteration with
// coalesced loads is all it takes.
#include "kernel.cuh"
#include "activation_profile.cuh"

// The smallest float u ≥ τ + m (m = +∞ gives +∞): then for any float z, z < u ⇔ z < τ + m.
static __device__ __forceinline__ float upper_kink(float tau, float clip) {
    double exact = (double)tau + (double)clip;
    float u = (float)exact;
    return (double)u < exact ? nextafterf(u, INFINITY) : u;
}

// h[i] = g(z[i]) (odd = 0) or sign(z[i])·g(|z[i]|) (odd = 1); z, h: [n]; h may be z.
static __device__ __forceinline__ void forward(int odd, float tau, float clip, const float* z, float* h,
                                               long long n) {
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        h[i] = odd ? odd_profile(z[i], tau, clip) : profile(z[i], tau, clip);
    }
}

// dz[i] = dh[i]·[τ < x < u] with x = z[i] (odd = 0) or |z[i]| (odd = 1); z, dh, dz: [n].
static __device__ __forceinline__ void backward(int odd, float tau, float clip, const float* z, const float* dh,
                                                float* dz, long long n) {
    float upper = upper_kink(tau, clip);
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        float x = odd ? fabsf(z[i]) : z[i];
        // 0·dh rather than 0 off the interval: the zero then has the sign of the twin's dh·0.
        dz[i] = x > tau && x < upper ? dh[i] : 0.0f * dh[i];
    }
}

// ReLU: h = max(z, 0).
extern "C" __global__ void relu_forward(const float* z, float* h, long long n) {
    forward(0, 0.0f, INFINITY, z, h, n);
}

extern "C" __global__ void relu_backward(const float* z, const float* dh, float* dz, long long n) {
    backward(0, 0.0f, INFINITY, z, dh, dz, n);
}

// ReLU_τ: h = max(z − τ, 0).
extern "C" __global__ void relu_tau_forward(float tau, const float* z, float* h, long long n) {
    forward(0, tau, INFINITY, z, h, n);
}

extern "C" __global__ void relu_tau_backward(float tau, const float* z, const float* dh, float* dz, long long n) {
    backward(0, tau, INFINITY, z, dh, dz, n);
}

// Soft threshold: h = sign(z)·max(|z| − τ, 0).
extern "C" __global__ void st_forward(float tau, const float* z, float* h, long long n) {
    forward(1, tau, INFINITY, z, h, n);
}

extern "C" __global__ void st_backward(float tau, const float* z, const float* dh, float* dz, long long n) {
    backward(1, tau, INFINITY, z, dh, dz, n);
}

// Clipped ReLU: h = min(max(z − τ, 0), m).
extern "C" __global__ void crelu_forward(float tau, float clip, const float* z, float* h, long long n) {
    forward(0, tau, clip, z, h, n);
}

extern "C" __global__ void crelu_backward(float tau, float clip, const float* z, const float* dh, float* dz,
                                          long long n) {
    backward(0, tau, clip, z, dh, dz, n);
}

// Clipped soft threshold: h = sign(z)·min(max(|z| − τ, 0), m).
extern "C" __global__ void cst_forward(float tau, float clip, const float* z, float* h, long long n) {
    forward(1, tau, clip, z, h, n);
}

extern "C" __global__ void cst_backward(float tau, float clip, const float* z, const float* dh, float* dz,
                                        long long n) {
    backward(1, tau, clip, z, dh, dz, n);
}

// Per-block partial statistics of φ over z: [n], for Ops.activationStats. Block b writes
//   partials[0·G + b] = #{i : φ(z_i) = 0},   partials[1·G + b] = #{i : |φ(z_i)| = m},
//   partials[2·G + b] = Σ z_i,               partials[3·G + b] = Σ z_i²      (G = gridDim.x),
// over its grid-stride share of the elements; reduce_partials (reductions.cu) then adds each row.
// φ is the forward op's own function with the same float parameters, so the zeros counted are its
// exact zeros; for unclipped kinds m = +∞ and no finite h is counted as clipped. Counts are held
// in double: exact below 2⁵³. Σ in double; z² of a float is exact in double.
//
// Launch: 1-D, block a power of two in [4, 1024] (256: LaunchShapes.activationStats), grid
// G ≤ 1024, dynamic shared 4·blockDim.x doubles. The block reduces its threads' sums with a fixed tree in
// shared memory, and no atomics are used, so the result is bit-identical run to run.
extern "C" __global__ void activation_stats(int odd, float tau, float clip, const float* z, long long n,
                                            double* partials) {
    DYNAMIC_SHARED(double, sums);  // [4][blockDim.x]: zeros, clipped, Σz, Σz² of each thread
    double zeros = 0.0, clipped = 0.0, sum = 0.0, squares = 0.0;
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        float x = z[i];
        float h = odd ? odd_profile(x, tau, clip) : profile(x, tau, clip);
        zeros += h == 0.0f ? 1.0 : 0.0;
        clipped += fabsf(h) == clip ? 1.0 : 0.0;
        sum += x;
        squares += (double)x * x;
    }
    unsigned t = threadIdx.x, b = blockDim.x;
    sums[t] = zeros;
    sums[b + t] = clipped;
    sums[2 * b + t] = sum;
    sums[3 * b + t] = squares;
    __syncthreads();
    for (unsigned half = b / 2; half > 0; half /= 2) {
        if (t < half) {
            for (unsigned row = 0; row < 4; ++row) {
                sums[row * b + t] += sums[row * b + t + half];
            }
        }
        __syncthreads();
    }
    if (t < 4) {
        partials[t * gridDim.x + blockIdx.x] = sums[t * b];
    }
}

EMU_KERNEL(relu_forward);
EMU_KERNEL(relu_backward);
EMU_KERNEL(relu_tau_forward);
EMU_KERNEL(relu_tau_backward);
EMU_KERNEL(st_forward);
EMU_KERNEL(st_backward);
EMU_KERNEL(crelu_forward);
EMU_KERNEL(crelu_backward);
EMU_KERNEL(cst_forward);
EMU_KERNEL(cst_backward);
EMU_KERNEL(activation_stats);
