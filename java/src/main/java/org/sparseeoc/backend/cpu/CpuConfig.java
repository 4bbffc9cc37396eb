package org.sparseeoc.backend.cpu;

/**
 * Configuration of the CPU backend.
 *
 * @param threads OpenBLAS threads for {@code gemm} (≥ 1). Elementwise ops always run on the calling
 *     thread (see {@link CpuOps} for why). Results are bit-identical run to run for the same value.
 */
public record CpuConfig(int threads) {
    /** System property that sets {@link #threads}: {@code -Dsparseeoc.cpu.threads=N}. */
    public static final String THREADS_PROPERTY = "sparseeoc.cpu.threads";

    public CpuConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("CPU backend threads must be >= 1, got " + threads);
        }
    }

    /** From {@value #THREADS_PROPERTY}; default: the available processors. */
    public static CpuConfig fromSystemProperties() {
        return parse(System.getProperty(THREADS_PROPERTY));
    }

    /** From the property's value (null or blank: the available processors). */
    static CpuConfig parse(String value) {
        if (value == null || value.isBlank()) {
            return new CpuConfig(Runtime.getRuntime().availableProcessors());
        }
        try {
            return new CpuConfig(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-D" + THREADS_PROPERTY + " must be an integer >= 1, got '" + value + "'", e);
        }
    }
}
