package org.sparseeoc.backend.cuda;

import java.util.Locale;

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

    /**
     * Device memory exhausted: how much was asked, how much is free of the total, on which device,
     * and what to do about it (the usual cause is a batch or a network too large for the card).
     */
    public static CudaDeviceException outOfMemory(long askedBytes, long freeBytes, long totalBytes, String device) {
        return new CudaDeviceException(String.format(
                Locale.ROOT,
                "out of device memory: asked for %d bytes (%.1f MiB), %d bytes (%.1f MiB) free of %.1f MiB on %s;"
                        + " use a smaller batchSize or model, or a GPU with more memory",
                askedBytes,
                askedBytes / 1048576.0,
                freeBytes,
                freeBytes / 1048576.0,
                totalBytes / 1048576.0,
                device));
    }
}
