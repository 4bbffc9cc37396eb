#!/usr/bin/env bash
# Builds the kernels in cuda/*.cu; run by Maven at generate-resources (exec-maven-plugin), or by hand:
#   cuda/build.sh <classes dir> <work dir>        e.g. cuda/build.sh target/classes target/cuda
# Writes, under <classes dir>/org/sparseeoc/cuda/:
#   kernels.properties                  kernel name = family (the .cu file that defines it)
#   ptx/<family>.ptx                    with nvcc on PATH: PTX for PTX_ARCH, checked by ptxas
#   emu/<os>-<arch>/libsparseeoc_emu.so with g++: the same kernels on the host emulator (emu/),
#                                       after emu/selftest.cpp has checked the emulator itself
# Without nvcc (or g++) it says so in one line and skips that part. Skips everything when no input
# changed since the last build with the same tools (stamp in <work dir>).
set -euo pipefail

# The one place the virtual architecture is pinned: compute_75 is the lowest CUDA 13 accepts
# (nvcc --list-gpu-arch), so the PTX JIT-compiles for every GPU CUDA 13 supports.
PTX_ARCH=compute_75
# Real architectures the PTX must assemble for (A100, H100), checked with ptxas at build time.
PTXAS_CHECK_ARCHS="sm_80 sm_90"

src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
classes=$(mkdir -p "$1" && cd "$1" && pwd)
work=$(mkdir -p "$2" && cd "$2" && pwd)
out=$classes/org/sparseeoc/cuda
jobs=$(nproc 2>/dev/null || echo 2)

have() { command -v "$1" >/dev/null 2>&1; }
tools="nvcc=$(have nvcc && echo yes || echo no) g++=$(have g++ && echo yes || echo no)"
stamp=$work/build.stamp
if [[ -f $stamp && $(cat "$stamp") == "$tools" && -f $out/kernels.properties ]] \
    && [[ -z $(find "$src" -newer "$stamp" -type f -print -quit) ]]; then
    echo "cuda: kernels up to date ($tools)"
    exit 0
fi
rm -rf "$out" "$work/obj"
mkdir -p "$out" "$work/obj"

# Manifest: every EMU_KERNEL(name) registration, with its file's name as the family.
for cu in "$src"/*.cu; do
    sed -n "s/^EMU_KERNEL(\([a-z0-9_]*\));$/\1=$(basename "$cu" .cu)/p" "$cu"
done | sort >"$out/kernels.properties"

if have nvcc; then
    mkdir -p "$out/ptx"
    # One nvcc per family, in parallel; -Werror all-warnings keeps the kernels warning-free.
    printf '%s\n' "$src"/*.cu | xargs -P "$jobs" -I{} sh -c \
        'nvcc -ptx -arch='"$PTX_ARCH"' -Werror all-warnings -I"'"$src"'" -o "'"$out"'/ptx/$(basename {} .cu).ptx" {}'
    for ptx in "$out"/ptx/*.ptx; do
        for arch in $PTXAS_CHECK_ARCHS; do
            ptxas -arch="$arch" "$ptx" -o /dev/null
        done
        family=$(basename "$ptx" .ptx)
        # Every registered kernel of the family must be an entry of its PTX, and no other.
        expected=$(sed -n "s/=$family$//p" "$out/kernels.properties" | sort)
        actual=$(sed -n 's/^\.visible \.entry \([a-z0-9_]*\)(.*/\1/p' "$ptx" | sort)
        if [[ $expected != "$actual" ]]; then
            echo "cuda: $family.ptx entries ($actual) differ from its EMU_KERNEL list ($expected)" >&2
            exit 1
        fi
    done
    echo "cuda: PTX ($PTX_ARCH) for $(ls "$out/ptx" | wc -l) families, ptxas-checked for $PTXAS_CHECK_ARCHS"
else
    echo "cuda: nvcc not on PATH, PTX skipped (install the CUDA 13 toolkit and put its bin/ on PATH to build it)"
fi

if have g++; then
    os=$(uname -s | tr '[:upper:]' '[:lower:]')
    lib=$out/emu/$os-$(uname -m)/libsparseeoc_emu.so
    mkdir -p "$(dirname "$lib")"
    # -ffp-contract=off: every operation a kernel writes is rounded on its own (fmaf only where
    # written, as nvcc does for the __f*_rn intrinsics the CPU-exact kernels use).
    # -fvisibility=hidden: only the emu_* entry points are exported. -U_FORTIFY_SOURCE: see
    # emu_runtime.cpp (fibers switch stacks with _longjmp).
    flags=(-O2 -std=c++20 -fPIC -pthread -Wall -Wextra -Werror -ffp-contract=off -fvisibility=hidden -U_FORTIFY_SOURCE -I"$src")
    printf '%s\n' "$src"/*.cu "$src"/emu/*.cpp | xargs -P "$jobs" -I{} sh -c \
        'g++ "$@" -x c++ -c {} -o "'"$work"'/obj/$(basename {}).o"' sh "${flags[@]}"
    (cd "$work/obj" && g++ -shared -pthread -o "$work/$(basename "$lib")" ./*.cu.o emu_runtime.cpp.o)
    # The emulator's own checks, linked with its runtime only (not the kernel families); the
    # library reaches the classpath only when they pass.
    g++ -pthread -o "$work/selftest" "$work/obj/selftest.cpp.o" "$work/obj/emu_runtime.cpp.o"
    "$work/selftest"
    mv "$work/$(basename "$lib")" "$lib"
    echo "cuda: emulator $(basename "$lib") built with g++ and self-tested"
else
    echo "cuda: g++ not on PATH, emulator skipped (emulated kernel tests will be skipped; install g++ to run them)"
fi
echo "$tools" >"$stamp"
