// The CUDA execution model of cuda/*.cu on the host: the kernel files compile unchanged with g++
// (-std=c++20) into libsparseeoc_emu.so, which CI runs through Java FFM without a GPU.
//
// What is emulated, and only that (what the kernels use):
//   threadIdx/blockIdx/blockDim/gridDim   per launch and per fiber (emu_runtime.cpp);
//   __syncthreads()                       a real barrier: every thread of a block is a fiber
//                                         (own stack, switched with _setjmp/_longjmp) that runs
//                                         until it reaches the barrier or returns; the block
//                                         resumes only when all are there (thread order between
//                                         barriers alternates, so missing barriers show);
//   __shared__                            a function-local static: one copy, shared by the fibers of
//                                         the block that is running (blocks run one at a time);
//   DYNAMIC_SHARED(type, name)            the launch's sharedBytes, per block, filled with 0xFF
//                                         bytes (NaN) before each block so a read before any write
//                                         shows up in the results;
//   __fadd_rn & co, fmaf, fminf, ...      host <cmath> with -ffp-contract=off: IEEE single
//                                         operations, rounded once each, as on the device.
// No warp-level features (shuffles, votes, warp-synchronous code) and no atomics: the kernels use
// none, so the emulator need not model warps.
#pragma once

#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

struct uint3 {
    unsigned int x, y, z;
};

namespace emu {

// The launch geometry and dynamic shared memory of the block now running.
struct Block {
    uint3 idx;
    uint3 dim;
    uint3 grid;
    unsigned char* dynamic_shared;  // [sharedBytes]
};

extern uint3 thread_idx;  // threadIdx of the fiber now running
extern Block block;

// Suspends the calling fiber until every thread of its block has reached the barrier.
void sync_threads();

// Calls a kernel with its arguments unpacked from cuLaunchKernel-style kernelParams.
using Thunk = void (*)(void** params);

// Adds a kernel to the table emu_launch looks names up in; returns true (for a static initialiser).
bool register_kernel(const char* name, std::string signature, Thunk thunk);

// One letter per kernel parameter, checked by the Java side before a launch: the emulator reads
// each argument through a pointer of exactly this type, so a mismatch would read garbage.
template <typename T>
constexpr char type_code() {
    if constexpr (std::is_pointer_v<T>) {
        return 'p';
    } else if constexpr (std::is_same_v<T, int>) {
        return 'i';
    } else if constexpr (std::is_same_v<T, long long>) {
        return 'l';
    } else if constexpr (std::is_same_v<T, float>) {
        return 'f';
    } else {
        static_assert(sizeof(T) == 0, "kernel parameters must be pointers, int, long long or float");
    }
}

// The signature and unpacking thunk of kernel Fn, both derived from its declaration, so no
// parameter list is ever written twice.
template <auto Fn>
struct Launcher;

template <typename... A, void (*Fn)(A...)>
struct Launcher<Fn> {
    static std::string signature() { return std::string{type_code<A>()...}; }

    static void thunk(void** params) { call(params, std::index_sequence_for<A...>{}); }

  private:
    template <std::size_t... I>
    static void call(void** params, std::index_sequence<I...>) {
        Fn(*static_cast<A*>(params[I])...);
    }
};

}  // namespace emu

#define __global__
#define __device__
#define __forceinline__ inline __attribute__((always_inline))
#define __shared__ static
#define __syncthreads() ::emu::sync_threads()
#define threadIdx (::emu::thread_idx)
#define blockIdx (::emu::block.idx)
#define blockDim (::emu::block.dim)
#define gridDim (::emu::block.grid)
#define DYNAMIC_SHARED(type, name) type* name = reinterpret_cast<type*>(::emu::block.dynamic_shared)

#define EMU_KERNEL(name)                                                                   \
    [[maybe_unused]] static const bool emu_registered_##name = ::emu::register_kernel(     \
        #name, ::emu::Launcher<&name>::signature(), &::emu::Launcher<&name>::thunk)

// Device intrinsics that round each operation once and are never fused into an FMA by nvcc; on the
// host the plain operators do the same (the emulator is built with -ffp-contract=off).
static inline float __fadd_rn(float a, float b) { return a + b; }
static inline float __fsub_rn(float a, float b) { return a - b; }
static inline float __fmul_rn(float a, float b) { return a * b; }
static inline float __fdiv_rn(float a, float b) { return a / b; }
