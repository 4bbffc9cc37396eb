package org.sparseeoc.backend.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.sparseeoc.backend.FloatBuffer;

/**
 * A float32 buffer in native (off-heap) memory: a {@link MemorySegment} of {@code 4·length} bytes.
 * A base buffer owns a shared {@link Arena} (freed on {@link #close}); a slice is a segment slice of
 * its base and owns nothing. Native memory so that OpenBLAS reads and writes it in place.
 */
final class HostFloatBuffer implements FloatBuffer {
    final CpuOps owner;
    /** [length] float32, 64-byte aligned for a base buffer; 4-byte aligned for a slice. */
    final MemorySegment segment;

    private final long length;
    private final Arena arena; // null for a slice

    private HostFloatBuffer(CpuOps owner, MemorySegment segment, long length, Arena arena) {
        this.owner = owner;
        this.segment = segment;
        this.length = length;
        this.arena = arena;
    }

    /** A new zero-filled buffer (Arena.allocate zero-initialises native memory). */
    static HostFloatBuffer allocate(CpuOps owner, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("buffer length must be >= 0, got " + length);
        }
        // Shared, not confined: the buffer may be used from any thread that holds the CpuOps.
        Arena arena = Arena.ofShared();
        // 64-byte alignment: a cache line, and what OpenBLAS's packing routines like best.
        MemorySegment segment = arena.allocate(ValueLayout.JAVA_FLOAT.byteSize() * length, 64);
        return new HostFloatBuffer(owner, segment, length, arena);
    }

    /** Elements [offset, offset + length) of this buffer, sharing its memory. */
    HostFloatBuffer slice(long offset, long sliceLength) {
        if (offset < 0 || sliceLength < 0 || offset > length - sliceLength) {
            throw new IndexOutOfBoundsException(
                    "slice [" + offset + ", " + offset + " + " + sliceLength + ") of a buffer of " + length);
        }
        MemorySegment view = segment.asSlice(4 * offset, 4 * sliceLength);
        return new HostFloatBuffer(owner, view, sliceLength, null);
    }

    boolean isBase() {
        return arena != null;
    }

    @Override
    public long length() {
        return length;
    }

    /** Frees the memory of a base buffer (idempotent); a slice's close does nothing. */
    @Override
    public void close() {
        if (arena != null && arena.scope().isAlive()) {
            arena.close();
            owner.forget(this);
        }
    }

    @Override
    public String toString() {
        return (arena != null ? "HostFloatBuffer[" : "HostFloatBuffer.slice[") + length + "]";
    }
}
