// Included first by every kernel file. With nvcc it only adds the indexing helpers; in the host
// build (g++, no __CUDACC__) it first pulls in the emulated CUDA execution model, so the very same
// kernel source runs on the emulator in CI. EMU_KERNEL(name) registers a kernel with the emulator
// (its argument types are taken from the kernel's own signature) and expands to nothing for nvcc.
#pragma once

#ifdef __CUDACC__
#define EMU_KERNEL(name)
// Dynamic shared memory of the launch (its size is the launch's sharedBytes).
#define DYNAMIC_SHARED(type, name) extern __shared__ type name[]
#else
#include "emu/cuda_emu.h"
#endif

// First element and stride of a 1-D grid-stride loop, in 64 bits: n is a long on the Java side and
// blockIdx.x·blockDim.x overflows 32 bits for grids beyond 2³¹ threads.
static __device__ __forceinline__ long long grid_start() {
    return (long long)blockIdx.x * blockDim.x + threadIdx.x;
}

static __device__ __forceinline__ long long grid_stride() {
    return (long long)gridDim.x * blockDim.x;
}
