package org.sparseeoc.experiment;

import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cuda.CudaDeviceException;
import org.sparseeoc.backend.cuda.CudaOps;
import org.sparseeoc.backend.cuda.JCudaDevice;

/** Opens the backend a spec asks for. */
final class Backends {
    private Backends() {}

    /**
     * The backend for {@code backend}: the CPU; CUDA on device 0 ({@link JCudaDevice}), failing as
     * a spec error at {@code backend} (exit 2) with the device's one-line reason (no driver, no
     * device, no PTX in the build, out of memory); or, for {@code auto}, CUDA when a driver, a
     * device and the PTX are present and the CPU otherwise. The device, driver, PTX hash and GEMM
     * library go into provenance through {@link Ops#info()}.
     */
    static Ops open(Backend backend) {
        return switch (backend) {
            case CPU -> new CpuOps();
            case CUDA -> {
                try {
                    yield openCuda();
                } catch (CudaDeviceException e) {
                    throw new SpecException("backend", "\"cuda\" is not usable here: " + e.getMessage());
                }
            }
            case AUTO -> {
                try {
                    yield openCuda();
                } catch (CudaDeviceException e) {
                    yield new CpuOps();
                }
            }
        };
    }

    private static Ops openCuda() {
        JCudaDevice device = JCudaDevice.open();
        try {
            return new CudaOps(device);
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
    }
}
