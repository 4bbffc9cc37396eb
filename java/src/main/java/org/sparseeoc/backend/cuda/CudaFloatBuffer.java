package org.sparseeoc.backend.cuda;

import org.sparseeoc.backend.FloatBuffer;

/**
 * A float32 buffer in device memory: [length] floats at a device address. A base buffer owns its
 * allocation (freed by {@link #close}, or by {@link CudaOps#close}); a slice is a view at
 * base address + 4·offset and owns nothing.
 */
public final class CudaFloatBuffer implements FloatBuffer {
    final CudaOps owner;
    /** Device address of element 0: [length] float32. */
    final long address;

    private final long length;
    private final boolean base;
    private boolean closed;

    CudaFloatBuffer(CudaOps owner, long address, long length, boolean base) {
        this.owner = owner;
        this.address = address;
        this.length = length;
        this.base = base;
    }

    /** Elements [offset, offset + length) of this buffer, sharing its memory. */
    CudaFloatBuffer slice(long offset, long sliceLength) {
        if (offset < 0 || sliceLength < 0 || offset > length - sliceLength) {
            throw new IndexOutOfBoundsException(
                    "slice [" + offset + ", " + offset + " + " + sliceLength + ") of a buffer of " + length);
        }
        return new CudaFloatBuffer(owner, address + Float.BYTES * offset, sliceLength, false);
    }

    @Override
    public long length() {
        return length;
    }

    /** Frees the device memory of a base buffer (idempotent); a slice's close does nothing. */
    @Override
    public void close() {
        if (base && !closed) {
            closed = true;
            owner.release(this, address);
        }
    }

    @Override
    public String toString() {
        return (base ? "CudaFloatBuffer[" : "CudaFloatBuffer.slice[") + length + "]";
    }
}
