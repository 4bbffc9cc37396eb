// Optimizer steps over n parameters, updated in place. Twin: backend/cpu/OptimizerKernels.java.
// Every multiply, add and divide is a __f*_rn intrinsic: each is rounded once and nvcc never fuses
// them into an FMA, so the order and rounding are the twin's and the results are bit-identical to
// the CPU's (sqrtf is IEEE-rounded under nvcc's default -prec-sqrt=true, like (float) Math.sqrt).
//
// Launch: 1-D grid-stride, block 256, grid min(⌈n/256⌉, 4096) (LaunchShapes.elementwise):
// memory-bound, one parameter per thread per iteration.
#include "kernel.cuh"

// g = grad + wd·param; v = μ·v + g; param −= lr·(nesterov ? g + μ·v : v).
// param, grad, velocity: [n]; param and velocity updated.
extern "C" __global__ void sgd_momentum_step(float* param, const float* grad, float* velocity, long long n,
                                             float lr, float momentum, float weight_decay, int nesterov) {
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        float p = param[i];
        float g = __fadd_rn(grad[i], __fmul_rn(weight_decay, p));
        float v = __fadd_rn(__fmul_rn(momentum, velocity[i]), g);
        velocity[i] = v;
        float step = nesterov ? __fadd_rn(g, __fmul_rn(momentum, v)) : v;
        param[i] = __fsub_rn(p, __fmul_rn(lr, step));
    }
}

// Adam at 1-based step t: g = grad + wd·param; m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²;
// param −= lr·m̂/(√v̂ + eps) with m̂ = m/c₁, v̂ = v/c₂. The bias corrections c₁ = 1 − β₁ᵗ and
// c₂ = 1 − β₂ᵗ come from the host, computed once per step in double and rounded to float as the
// twin does (a per-thread pow would cost more than the update and round differently).
// param, grad, m, v: [n]; param, m and v updated.
extern "C" __global__ void adam_step(float* param, const float* grad, float* m, float* v, long long n, float lr,
                                     float beta1, float beta2, float eps, float weight_decay, float correction1,
                                     float correction2) {
    float one_minus_beta1 = 1.0f - beta1;
    float one_minus_beta2 = 1.0f - beta2;
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        float p = param[i];
        float g = __fadd_rn(grad[i], __fmul_rn(weight_decay, p));
        float mi = __fadd_rn(__fmul_rn(beta1, m[i]), __fmul_rn(one_minus_beta1, g));
        float vi = __fadd_rn(__fmul_rn(beta2, v[i]), __fmul_rn(one_minus_beta2, __fmul_rn(g, g)));
        m[i] = mi;
        v[i] = vi;
        float m_hat = __fdiv_rn(mi, correction1);
        float v_hat = __fdiv_rn(vi, correction2);
        param[i] = __fsub_rn(p, __fdiv_rn(__fmul_rn(lr, m_hat), __fadd_rn(sqrtf(v_hat), eps)));
    }
}

EMU_KERNEL(sgd_momentum_step);
EMU_KERNEL(adam_step);
