/**
 * The GPU backend: {@link org.sparseeoc.backend.cuda.CudaOps} implements every {@link
 * org.sparseeoc.backend.Ops} method as launches of the kernels in {@code cuda/*.cu} (one {@link
 * org.sparseeoc.backend.cuda.Kernel} constant each, launched with the shapes of {@link
 * org.sparseeoc.backend.cuda.LaunchShapes} and typed {@link org.sparseeoc.backend.cuda.KernelArgs})
 * on a {@link org.sparseeoc.backend.cuda.Device}: a real GPU ({@link
 * org.sparseeoc.backend.cuda.JCudaDevice}, the CUDA driver through JCuda, cuBLAS for GEMM when it
 * loads) or the host emulator ({@link org.sparseeoc.backend.cuda.emu.EmulatedDevice}), which is how
 * CI tests the whole backend without a GPU. The sparse products ({@link
 * org.sparseeoc.backend.SparseOps}) run on the same device through {@link
 * org.sparseeoc.backend.cuda.CudaSparseOps} (the kernels of {@code cuda/sparse.cu}) or, as a
 * baseline on a real GPU, {@link org.sparseeoc.backend.cuda.CusparseSparseOps} (cuSPARSE).
 */
package org.sparseeoc.backend.cuda;
