package org.sparseeoc.experiment;

import java.util.Optional;
import java.util.function.Consumer;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.SparseOps;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cpu.CpuSparseOps;
import org.sparseeoc.backend.cuda.CudaDeviceException;
import org.sparseeoc.backend.cuda.CudaOps;
import org.sparseeoc.backend.cuda.CudaSparseOps;
import org.sparseeoc.backend.cuda.CusparseSparseOps;
import org.sparseeoc.backend.cuda.Device;
import org.sparseeoc.backend.cuda.GemmLibrary;
import org.sparseeoc.backend.cuda.JCudaDevice;

/** Opens the backend a spec asks for. */
final class Backends {
    private Backends() {}

    /**
     * An open backend and, when {@code auto} fell back to the CPU, why (the GPU's one-line reason),
     * which provenance records as {@code backend.fallback}. Closing it closes the backend.
     */
    record Opened(Ops ops, Optional<String> fallback) implements AutoCloseable {
        @Override
        public void close() {
            ops.close();
        }
    }

    /**
     * The backend for {@code backend}: the CPU; CUDA on device 0 ({@link JCudaDevice}) with GEMM as
     * {@code gpu} says, failing as a spec error at {@code backend} (exit 2) with the device's
     * one-line reason (no driver, no device, no PTX in the build, out of memory), or at {@code
     * gpu.gemm} when cuBLAS was required and did not load; or, for {@code auto}, CUDA when a driver,
     * a device and the PTX are present and the CPU otherwise, in which case the reason is passed to
     * {@code notices} (once) and returned for provenance. The device, driver, PTX hash and GEMM
     * library go into provenance through {@link Ops#info()}.
     */
    static Opened open(Backend backend, GpuSpec gpu, Consumer<String> notices) {
        return switch (backend) {
            case CPU -> new Opened(new CpuOps(), Optional.empty());
            case CUDA -> {
                try {
                    yield new Opened(openCuda(gpu), Optional.empty());
                } catch (CudaDeviceException e) {
                    throw new SpecException("backend", "\"cuda\" is not usable here: " + e.getMessage());
                }
            }
            case AUTO -> {
                try {
                    yield new Opened(openCuda(gpu), Optional.empty());
                } catch (CudaDeviceException e) {
                    notices.accept(
                            "backend \"auto\": computing on the CPU, since the GPU is not usable: " + e.getMessage());
                    yield new Opened(new CpuOps(), Optional.of(e.getMessage()));
                }
            }
        };
    }

    /**
     * The sparse products that go with {@code ops}: the CPU kernels; on CUDA the kernels of
     * cuda/sparse.cu or, for {@code gpu.sparseLibrary} cusparse, cuSPARSE (a spec error at that field
     * where it cannot open); null (dense only) for any other Ops, such as a wrapper. The caller closes
     * what it gets. A JVM without the Vector API module gets the CPU's slower plain-Java loops, and
     * {@code notices} a line that says how to get the fast ones.
     */
    static SparseOps sparseOps(Ops ops, GpuSpec gpu, Consumer<String> notices) {
        return switch (ops) {
            case CpuOps cpu -> {
                if (!CpuSparseOps.simdAvailable()) {
                    notices.accept(
                            "sparse products: this JVM was started without --add-modules=jdk.incubator.vector,"
                                    + " so the CPU runs their slower plain-Java loops (./sparse-eoc and the Docker image add it)");
                }
                yield new CpuSparseOps(cpu);
            }
            case CudaOps cuda ->
                switch (gpu.sparseLibrary()) {
                    case BUILTIN -> new CudaSparseOps(cuda);
                    case CUSPARSE -> {
                        try {
                            yield CusparseSparseOps.open(cuda);
                        } catch (CudaDeviceException e) {
                            throw new SpecException(
                                    "gpu.sparseLibrary",
                                    "\"cusparse\" is not usable here: " + e.getMessage()
                                            + "; or set gpu.sparseLibrary to \"builtin\"");
                        }
                    }
                };
            default -> null;
        };
    }

    /** The name provenance gives {@code sparse}: which implementation ran, or none. */
    static String sparseLibraryName(SparseOps sparse) {
        return switch (sparse) {
            case null -> "none";
            case CpuSparseOps cpu -> "cpu";
            case CudaSparseOps cuda -> "builtin";
            case CusparseSparseOps cusparse -> "cusparse";
            default -> sparse.getClass().getSimpleName();
        };
    }

    /**
     * Which loops provenance gives {@code sparse.kernels}: on the CPU the Vector API or the
     * plain-Java loops ({@link CpuSparseOps#loops()}, which depends on how the JVM was started), on
     * CUDA the library name again.
     */
    static String sparseKernelsName(SparseOps sparse) {
        return sparse instanceof CpuSparseOps cpu ? cpu.loops() : sparseLibraryName(sparse);
    }

    private static Ops openCuda(GpuSpec gpu) {
        return onDevice(JCudaDevice.open(gpu.gemm(), gpu.tf32()), gpu);
    }

    /**
     * CUDA on {@code device}, which it owns from now on (closed here on failure): a spec error at
     * {@code gpu.gemm} when cuBLAS is required and the device has none.
     */
    static Ops onDevice(Device device, GpuSpec gpu) {
        try {
            if (gpu.gemm() == GemmLibrary.CUBLAS && device.blas().isEmpty()) {
                String why = device.details().getOrDefault("cublas", "there is none on " + device.description());
                throw new SpecException(
                        "gpu.gemm",
                        "\"cublas\" is not usable here (" + why + "): install the CUDA 12 runtime libraries"
                                + " (libcublas.so.12), or set gpu.gemm to \"auto\" or \"builtin\"");
            }
            return new CudaOps(device);
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
    }
}
