package org.sparseeoc.backend.cuda;

import org.sparseeoc.backend.IntBuffer;

/** An int32 buffer in device memory: [length] ints at a device address, freed by {@link #close}. */
public final class CudaIntBuffer implements IntBuffer {
    final CudaOps owner;
    /** Device address of element 0: [length] int32. */
    final long address;

    private final long length;
    private boolean closed;

    CudaIntBuffer(CudaOps owner, long address, long length) {
        this.owner = owner;
        this.address = address;
        this.length = length;
    }

    @Override
    public long length() {
        return length;
    }

    /** Frees the device memory (idempotent). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            owner.release(this, address);
        }
    }

    @Override
    public String toString() {
        return "CudaIntBuffer[" + length + "]";
    }
}
