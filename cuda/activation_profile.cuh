// The activation profiles shared by activations.cu (the forward ops) and sparse.cu (compressing
// φ(z) straight into CSR), so both write exactly the same values. Every kind is the one-sided profile
// g(x) = min(max(x − τ, 0), m) (ReLU: τ = 0; unclipped kinds: m = +∞), applied as g(z) (ReLU,
// ReLU_τ, CReLU) or sign(z)·g(|z|) (ST, CST); the exactness argument is in activations.cu.
#pragma once

#include "kernel.cuh"

// g(x) with an explicit select rather than fmaxf, so the zero is +0 whatever fmaxf does with -0.
static __device__ __forceinline__ float profile(float x, float tau, float clip) {
    float d = x - tau;
    return d > 0.0f ? fminf(d, clip) : 0.0f;
}

// sign(x)·g(|x|); 0 − g keeps the zero +0 for negative x. For x < 0, −(|x| − τ) = x + τ exactly
// (negation commutes with rounding), so this equals the twin's negative half max(min(x + τ, 0), −m).
static __device__ __forceinline__ float odd_profile(float x, float tau, float clip) {
    float g = profile(fabsf(x), tau, clip);
    return x < 0.0f ? 0.0f - g : g;
}
