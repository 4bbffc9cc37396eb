package org.sparseeoc.backend;

/**
 * A float32 buffer of {@link #length()} elements owned by one {@link Ops} instance (host memory for
 * the CPU backend, device memory for CUDA). Slices share the memory of their base and must not be
 * closed separately; closing the base frees it.
 */
public interface FloatBuffer extends AutoCloseable {
    /** Number of float elements. */
    long length();

    /** Frees the memory (no-op for slices). */
    @Override
    void close();
}
