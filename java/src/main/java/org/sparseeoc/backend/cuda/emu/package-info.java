/**
 * Runs the CUDA kernels on the host, without a GPU: {@link org.sparseeoc.backend.cuda.emu.Emulator}
 * loads the library that {@code cuda/build.sh} compiles with g++ from the same {@code .cu} files
 * (with {@code cuda/emu/cuda_emu.h} standing in for the CUDA runtime) and launches kernels by name
 * through FFM, so CI checks every kernel against its CPU twin.
 */
package org.sparseeoc.backend.cuda.emu;
