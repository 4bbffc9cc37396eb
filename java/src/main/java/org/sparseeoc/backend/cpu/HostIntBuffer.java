package org.sparseeoc.backend.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.sparseeoc.backend.IntBuffer;

/** An int32 buffer in native memory (class labels): a {@link MemorySegment} of 4·length bytes. */
final class HostIntBuffer implements IntBuffer {
    final CpuOps owner;
    /** [length] int32. */
    final MemorySegment segment;

    private final long length;
    private final Arena arena;

    private HostIntBuffer(CpuOps owner, MemorySegment segment, long length, Arena arena) {
        this.owner = owner;
        this.segment = segment;
        this.length = length;
        this.arena = arena;
    }

    /** A new zero-filled buffer. */
    static HostIntBuffer allocate(CpuOps owner, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("buffer length must be >= 0, got " + length);
        }
        Arena arena = Arena.ofShared();
        MemorySegment segment = arena.allocate(ValueLayout.JAVA_INT.byteSize() * length, 64);
        return new HostIntBuffer(owner, segment, length, arena);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
            owner.forget(this);
        }
    }

    @Override
    public String toString() {
        return "HostIntBuffer[" + length + "]";
    }
}
