package org.sparseeoc.backend.cuda;

/**
 * A GPU that cannot be used, in one line that says what to do: no NVIDIA driver, no device, no PTX
 * in this build, a driver too old for the PTX, or device memory exhausted (with the amounts). The
 * spec's {@code backend} and the CLI report it as bad input (exit 2), not as a crash.
 */
public final class CudaDeviceException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public CudaDeviceException(String message) {
        super(message);
    }

    public CudaDeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
