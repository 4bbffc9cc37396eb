package org.sparseeoc.backend;

/** An int32 buffer owned by one {@link Ops} instance (class labels). */
public interface IntBuffer extends AutoCloseable {
    /** Number of int elements. */
    long length();

    @Override
    void close();
}
