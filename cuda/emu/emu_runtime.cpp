// The emulator's launcher: a kernel table filled by EMU_KERNEL, and emu_launch, the host twin of
// cuLaunchKernel, which runs a grid block by block with every thread of a block as a fiber.
//
// Why fibers on the calling OS thread rather than std::thread + std::barrier: a block has up to
// 1024 threads and a test launches thousands of blocks. Measured on the 2-core CI machine, 256
// std::threads meeting at 9 std::barrier phases cost 50-120 ms per block; 256 fibers doing the
// same cost ~5 ms switching with swapcontext (a sigprocmask system call per switch) and ~0.2 ms
// (80 ns a switch) with _setjmp/_longjmp, which save and restore only registers. So each fiber is
// started once per process with makecontext/setcontext on its own stack and from then on parks and
// resumes with _setjmp/_longjmp, between kernel threads as well as at barriers. (The build
// undefines _FORTIFY_SOURCE, whose checked longjmp rejects a jump to another stack.)
//
// Blocks are independent in CUDA, so they run one after another; one launch runs at a time (a
// mutex), like a CUDA stream. That keeps emulated results bit-identical run to run and lets
// __shared__ be a plain static.
#include <sys/mman.h>
#include <ucontext.h>

#include <setjmp.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>

#include "cuda_emu.h"

#define EMU_EXPORT extern "C" __attribute__((visibility("default")))

namespace emu {

uint3 thread_idx;
Block block;

namespace {

// CUDA's limits for every architecture the PTX targets.
constexpr unsigned kMaxThreadsPerBlock = 1024;
constexpr unsigned kMaxBlockDimXY = 1024;
constexpr unsigned kMaxBlockDimZ = 64;
constexpr unsigned kMaxGridDimYZ = 65535;
constexpr unsigned kMaxSharedBytes = 48 * 1024;  // without opting in to more
// Fiber stacks: kernels keep a few registers' worth of locals, so 64 KiB is ample; each stack sits
// above a PROT_NONE guard page, so an overflow faults instead of corrupting the next stack.
constexpr std::size_t kStackBytes = 64 * 1024;
constexpr std::size_t kGuardBytes = 4096;

struct Kernel {
    std::string signature;
    Thunk thunk;
};

// Function-local static: filled by the static initialisers of every kernel file, whatever their order.
std::map<std::string, Kernel>& kernels() {
    static std::map<std::string, Kernel> table;
    return table;
}

struct Fiber {
    jmp_buf resume;  // where the parked fiber continues
    uint3 idx;
    bool done;       // returned from the kernel in the current block
};

struct Scheduler {
    jmp_buf main;  // where the scheduler continues when a fiber parks
    Fiber fibers[kMaxThreadsPerBlock];
    unsigned char* stacks = nullptr;  // kMaxThreadsPerBlock × (guard page + stack), mapped once
    bool fibers_ready = false;
    Fiber* running = nullptr;
    Thunk thunk = nullptr;
    void** params = nullptr;
    alignas(16) unsigned char shared[kMaxSharedBytes];  // the dynamic shared memory of each block
};

Scheduler scheduler;
std::mutex launch_mutex;

// Saves the running fiber's registers and returns to the scheduler; returns when resumed.
void park() {
    if (_setjmp(scheduler.running->resume) == 0) {
        _longjmp(scheduler.main, 1);
    }
}

// Runs f until it parks (at a barrier, or after returning from the kernel).
void resume(Fiber& f) {
    scheduler.running = &f;
    thread_idx = f.idx;
    if (_setjmp(scheduler.main) == 0) {
        _longjmp(f.resume, 1);
    }
}

// Each fiber's whole life: park until resumed, run one kernel thread, mark it done, repeat.
void fiber_main() {
    Fiber* self = scheduler.running;
    for (;;) {
        park();
        scheduler.thunk(scheduler.params);
        self->done = true;
    }
}

void report(char* error, unsigned capacity, const char* message) {
    if (capacity > 0) {
        std::snprintf(error, capacity, "%s", message);
    }
}

// Maps the stacks once per process, and starts every fiber up to its first park (again after a
// failed launch, which leaves fibers parked inside a kernel).
bool prepare_fibers() {
    if (scheduler.fibers_ready) {
        return true;
    }
    std::size_t slot = kGuardBytes + kStackBytes;
    if (scheduler.stacks == nullptr) {
        void* region = mmap(nullptr, slot * kMaxThreadsPerBlock, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (region == MAP_FAILED) {
            return false;
        }
        scheduler.stacks = static_cast<unsigned char*>(region);
        for (unsigned t = 0; t < kMaxThreadsPerBlock; ++t) {
            if (mprotect(scheduler.stacks + t * slot, kGuardBytes, PROT_NONE) != 0) {
                return false;
            }
        }
    }
    for (unsigned t = 0; t < kMaxThreadsPerBlock; ++t) {
        ucontext_t start;
        if (getcontext(&start) != 0) {
            return false;
        }
        start.uc_stack.ss_sp = scheduler.stacks + t * slot + kGuardBytes;
        start.uc_stack.ss_size = kStackBytes;
        start.uc_link = nullptr;  // fiber_main never returns
        makecontext(&start, fiber_main, 0);
        scheduler.running = &scheduler.fibers[t];
        if (_setjmp(scheduler.main) == 0) {
            setcontext(&start);
        }
    }
    scheduler.fibers_ready = true;
    return true;
}

// Runs all threads of the current block in rounds: each live fiber runs until it reaches
// __syncthreads() or returns. After a round either every fiber has returned (the block is done) or
// every fiber is waiting at the barrier (the next round releases them); a mix means a barrier that
// not all threads reach, undefined behaviour in CUDA and an error here. Between barriers the
// threads run one after another, in ascending order in even rounds of even blocks and descending
// order otherwise: a race between two threads (a missing barrier) then shows in one order or the
// other, deterministically.
bool run_block(unsigned threads, unsigned block_number, char* error, unsigned capacity) {
    for (unsigned t = 0; t < threads; ++t) {
        Fiber& f = scheduler.fibers[t];
        f.idx = {t % block.dim.x, t / block.dim.x % block.dim.y, t / (block.dim.x * block.dim.y)};
        f.done = false;
    }
    for (unsigned round = 0;; ++round) {
        bool descending = ((round + block_number) & 1) != 0;
        unsigned finished = 0;
        for (unsigned i = 0; i < threads; ++i) {
            Fiber& f = scheduler.fibers[descending ? threads - 1 - i : i];
            if (!f.done) {
                resume(f);
            }
            finished += f.done ? 1 : 0;
        }
        if (finished == threads) {
            return true;
        }
        if (finished > 0) {
            char message[200];
            std::snprintf(message, sizeof message,
                          "__syncthreads() reached by %u of the %u threads of block (%u, %u, %u)",
                          threads - finished, threads, block.idx.x, block.idx.y, block.idx.z);
            report(error, capacity, message);
            scheduler.fibers_ready = false;  // the waiting fibers are parked mid-kernel
            return false;
        }
    }
}

const char* check_launch(unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                         unsigned shared_bytes) {
    if (gx == 0 || gy == 0 || gz == 0 || bx == 0 || by == 0 || bz == 0) {
        return "grid and block dimensions must be >= 1";
    }
    if (gy > kMaxGridDimYZ || gz > kMaxGridDimYZ || gx > 0x7fffffffu) {
        return "grid dimensions exceed (2^31 - 1, 65535, 65535)";
    }
    if (bx > kMaxBlockDimXY || by > kMaxBlockDimXY || bz > kMaxBlockDimZ
        || static_cast<unsigned long long>(bx) * by * bz > kMaxThreadsPerBlock) {
        return "block dimensions exceed (1024, 1024, 64) or 1024 threads";
    }
    if (shared_bytes > kMaxSharedBytes) {
        return "dynamic shared memory exceeds 48 KiB";
    }
    return nullptr;
}

}  // namespace

void sync_threads() {
    park();
}

bool register_kernel(const char* name, std::string signature, Thunk thunk) {
    kernels()[name] = Kernel{std::move(signature), thunk};
    return true;
}

}  // namespace emu

// "name:signature" lines in name order, one per kernel (signature letters: see emu::type_code).
EMU_EXPORT const char* emu_kernel_table() {
    static const std::string table = [] {
        std::string lines;
        for (const auto& [name, kernel] : emu::kernels()) {
            lines += name + ":" + kernel.signature + "\n";
        }
        return lines;
    }();
    return table.c_str();
}

// The host twin of cuLaunchKernel(f, gx, gy, gz, bx, by, bz, sharedBytes, stream, kernelParams,
// extra): kernelParams[i] points at the value of argument i (device pointers are host addresses).
// Returns 0, or 1 with a message in error[capacity] (unknown kernel, bad launch, divergent barrier).
EMU_EXPORT int emu_launch(const char* kernel, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
                          unsigned by, unsigned bz, unsigned shared_bytes, void** kernel_params,
                          char* error, unsigned capacity) {
    auto found = emu::kernels().find(kernel);
    if (found == emu::kernels().end()) {
        std::string message = std::string("no kernel named '") + kernel + "' in the emulator";
        emu::report(error, capacity, message.c_str());
        return 1;
    }
    if (const char* bad = emu::check_launch(gx, gy, gz, bx, by, bz, shared_bytes)) {
        emu::report(error, capacity, bad);
        return 1;
    }
    std::lock_guard<std::mutex> lock(emu::launch_mutex);
    if (!emu::prepare_fibers()) {
        emu::report(error, capacity, "could not map the fiber stacks");
        return 1;
    }
    emu::scheduler.thunk = found->second.thunk;
    emu::scheduler.params = kernel_params;
    emu::block.grid = {gx, gy, gz};
    emu::block.dim = {bx, by, bz};
    emu::block.dynamic_shared = emu::scheduler.shared;
    unsigned threads = bx * by * bz;
    for (unsigned z = 0; z < gz; ++z) {
        for (unsigned y = 0; y < gy; ++y) {
            for (unsigned x = 0; x < gx; ++x) {
                emu::block.idx = {x, y, z};
                std::memset(emu::scheduler.shared, 0xFF, shared_bytes);
                if (!emu::run_block(threads, x + y + z, error, capacity)) {
                    return 1;
                }
            }
        }
    }
    return 0;
}
