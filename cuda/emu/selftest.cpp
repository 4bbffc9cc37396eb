// Checks of the emulator itself, run by cuda/build.sh right after building it: the semantics the
// kernel tests rely on but cannot provoke with real kernels (a barrier that orders shared-memory
// writes, poisoned dynamic shared memory, 3-D indices, a divergent barrier reported and recovered
// from, rejected launches). Its kernels live here, not in a family, so they stay out of the PTX,
// the manifest and the library. Exits non-zero, naming the failed check.
#include <cstdio>
#include <cstring>

#include "kernel.cuh"

extern "C" int emu_launch(const char* kernel, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                          unsigned bz, unsigned shared_bytes, void** kernel_params, char* error, unsigned capacity);

// out[t] = what thread t+1 wrote to shared memory before the barrier (wrapping): needs a real barrier.
extern "C" __global__ void selftest_barrier(int* out) {
    DYNAMIC_SHARED(int, slots);  // [blockDim.x]
    unsigned t = threadIdx.x;
    slots[t] = (int)t;
    __syncthreads();
    out[t] = slots[(t + 1) % blockDim.x];
}

// out[0] = the first word of dynamic shared memory, read before any write.
extern "C" __global__ void selftest_poison(int* out) {
    DYNAMIC_SHARED(int, slots);
    out[0] = slots[0];
}

// out[global linear thread id] = 1 + that id, from 3-D block and thread indices.
extern "C" __global__ void selftest_indices(int* out) {
    unsigned block_id = (blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
    unsigned thread_id = (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
    unsigned id = block_id * blockDim.x * blockDim.y * blockDim.z + thread_id;
    out[id] = (int)id + 1;
}

// Thread 3 returns before a barrier the others wait at: undefined in CUDA, an error here.
extern "C" __global__ void selftest_divergent(int* out) {
    if (threadIdx.x == 3) {
        return;
    }
    __syncthreads();
    out[threadIdx.x] = 1;
}

EMU_KERNEL(selftest_barrier);
EMU_KERNEL(selftest_poison);
EMU_KERNEL(selftest_indices);
EMU_KERNEL(selftest_divergent);

namespace {

int failures = 0;
char error[256];

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "emulator self-test failed: %s (%s)\n", what, error);
        ++failures;
    }
}

int launch(const char* kernel, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
           unsigned shared_bytes, int* out) {
    void* params[] = {&out};
    error[0] = '\0';
    return emu_launch(kernel, gx, gy, gz, bx, by, bz, shared_bytes, params, error, sizeof error);
}

}  // namespace

int main() {
    int out[1024] = {};
    check(launch("selftest_barrier", 2, 1, 1, 1024, 1, 1, 4096, out) == 0, "barrier kernel runs");
    bool ordered = true;
    for (int t = 0; t < 1024; ++t) {
        ordered = ordered && out[t] == (t + 1) % 1024;
    }
    check(ordered, "writes before __syncthreads() are seen after it");

    check(launch("selftest_poison", 1, 1, 1, 1, 1, 1, 4, out) == 0 && out[0] == -1,
          "dynamic shared memory starts as 0xFF bytes");

    std::memset(out, 0, sizeof out);
    check(launch("selftest_indices", 3, 2, 2, 4, 3, 2, 0, out) == 0, "3-D launch runs");
    bool indexed = true;
    for (int i = 0; i < 12 * 24; ++i) {
        indexed = indexed && out[i] == i + 1;
    }
    check(indexed && out[12 * 24] == 0, "every (block, thread) of a 3-D launch runs once with its indices");

    check(launch("selftest_divergent", 2, 1, 1, 8, 1, 1, 0, out) == 1
              && std::strstr(error, "__syncthreads() reached by 7 of the 8 threads of block (0, 0, 0)") != nullptr,
          "a barrier not all threads reach is reported");
    check(launch("selftest_barrier", 1, 1, 1, 8, 1, 1, 32, out) == 0 && out[7] == 0,
          "launches work again after a failed one");

    check(launch("no_such_kernel", 1, 1, 1, 1, 1, 1, 0, out) == 1 && std::strstr(error, "no_such_kernel") != nullptr,
          "an unknown kernel is rejected by name");
    check(launch("selftest_poison", 1, 1, 1, 33, 32, 1, 0, out) == 1, "more than 1024 threads are rejected");
    check(launch("selftest_poison", 1, 65536, 1, 1, 1, 1, 0, out) == 1, "grid y above 65535 is rejected");
    check(launch("selftest_poison", 1, 1, 1, 1, 1, 1, 48 * 1024 + 1, out) == 1, "over 48 KiB shared is rejected");
    return failures == 0 ? 0 : 1;
}
