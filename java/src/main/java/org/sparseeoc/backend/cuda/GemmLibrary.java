package org.sparseeoc.backend.cuda;

import java.util.Locale;

/**
 * Which SGEMM the CUDA backend runs for dense products. cuBLAS is several times faster on large
 * products; the built-in {@code sgemm} kernel needs no library beyond the driver and is the one CI
 * checks on the emulator.
 */
public enum GemmLibrary {
    /** cuBLAS when {@code libcublas.so.12} loads, else the built-in kernel. */
    AUTO,
    /** cuBLAS; a run that asks for it fails, naming the reason, when it does not load. */
    CUBLAS,
    /** The built-in {@code sgemm} kernel; cuBLAS is not even loaded. */
    BUILTIN;

    /** The name in specs and on the command line: {@code auto}, {@code cublas} or {@code builtin}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the device should try to load cuBLAS. */
    public boolean loadsCublas() {
        return switch (this) {
            case AUTO, CUBLAS -> true;
            case BUILTIN -> false;
        };
    }
}
