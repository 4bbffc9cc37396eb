package org.sparseeoc.backend.cuda.emu;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.sparseeoc.backend.cuda.CudaDeviceException;
import org.sparseeoc.backend.cuda.Device;
import org.sparseeoc.backend.cuda.DeviceBlas;
import org.sparseeoc.backend.cuda.Kernel;
import org.sparseeoc.backend.cuda.KernelArgs;
import org.sparseeoc.backend.cuda.LaunchConfig;

/**
 * A {@link Device} whose kernels run on the host {@link Emulator}: device memory is native memory
 * (one shared {@link Arena} per allocation, freed by {@link #free}), and a launch passes exactly the
 * launch configuration and arguments a real launch would get, so {@code CudaOps} is tested in CI
 * down to the launch.
 *
 * <p>It is stricter than a GPU where that catches host-side bugs early: new allocations are filled
 * with NaN bytes (cuMemAlloc does not zero memory, so an op that relies on zeroed memory fails
 * here rather than only on a GPU), and every pointer argument and copy must lie inside a live
 * allocation (a wild pointer would otherwise crash the JVM instead of failing one test).
 *
 * <p>Its memory can be capped ({@link #EmulatedDevice(long)}) so that the out-of-memory path is
 * tested: an allocation beyond the cap fails as {@code cuMemAlloc} does on a full GPU, with the
 * same {@link CudaDeviceException} and its bytes asked and free.
 */
public final class EmulatedDevice implements Device {
    private final Emulator emulator;
    private final Map<Kernel, String> kernels = new EnumMap<>(Kernel.class); // resolved symbols
    private final TreeMap<Long, Allocation> allocations = new TreeMap<>(); // by base address
    private final long memoryBytes;
    private long allocatedBytes;
    private boolean closed;

    private record Allocation(Arena arena, MemorySegment segment) {}

    /** A device whose memory is bounded only by the host's. */
    public EmulatedDevice() {
        this(Long.MAX_VALUE);
    }

    /**
     * Loads the emulator and resolves every {@link Kernel}, for a device with {@code memoryBytes}
     * (&ge; 1) of memory; throws IllegalStateException with one line when the emulator library is
     * missing or lacks a kernel or declares it differently.
     */
    public EmulatedDevice(long memoryBytes) {
        if (memoryBytes < 1) {
            throw new IllegalArgumentException("device memory must be >= 1 byte, got " + memoryBytes);
        }
        this.memoryBytes = memoryBytes;
        if (!Emulator.isAvailable()) {
            throw new IllegalStateException(Emulator.unavailableReason());
        }
        emulator = Emulator.get();
        for (Kernel kernel : Kernel.values()) {
            String signature = emulator.kernels().get(kernel.symbol());
            if (signature == null) {
                throw new IllegalStateException("the CUDA emulator library lacks kernel " + kernel.symbol()
                        + " (family " + kernel.family() + "): rebuild it with cuda/build.sh");
            }
            if (!signature.equals(kernel.signature())) {
                throw new IllegalStateException("emulated kernel " + kernel.symbol() + " takes (" + signature
                        + ") but Kernel." + kernel + " declares (" + kernel.signature() + ")");
            }
            kernels.put(kernel, kernel.symbol());
        }
    }

    @Override
    public String description() {
        return "CUDA emulator (kernels compiled for the host, one fiber per thread)";
    }

    @Override
    public Map<String, String> details() {
        return Map.of("device", description(), "kernels", Integer.toString(kernels.size()));
    }

    @Override
    public boolean emulated() {
        return true;
    }

    @Override
    public synchronized long allocate(long bytes) {
        checkOpen();
        if (bytes < 1) {
            throw new IllegalArgumentException("device allocation needs >= 1 byte, got " + bytes);
        }
        if (bytes > memoryBytes - allocatedBytes) {
            throw CudaDeviceException.outOfMemory(bytes, memoryBytes - allocatedBytes, memoryBytes, description());
        }
        Arena arena = Arena.ofShared();
        MemorySegment segment = arena.allocate(bytes, 256); // cuMemAlloc aligns to at least 256 bytes
        segment.fill((byte) 0xFF); // NaN floats: device memory is not zeroed
        allocations.put(segment.address(), new Allocation(arena, segment));
        allocatedBytes += bytes;
        return segment.address();
    }

    @Override
    public synchronized void free(long address) {
        Allocation allocation = allocations.remove(address);
        if (allocation == null) {
            throw new IllegalArgumentException("free of 0x" + Long.toHexString(address) + ": not an allocation");
        }
        allocatedBytes -= allocation.segment().byteSize();
        allocation.arena().close();
    }

    @Override
    public synchronized void memset(long address, byte value, long bytes) {
        segment(address, bytes).fill(value);
    }

    @Override
    public synchronized void copyToDevice(float[] src, int srcOffset, long dst, int count) {
        MemorySegment.copy(src, srcOffset, segment(dst, 4L * count), JAVA_FLOAT, 0, count);
    }

    @Override
    public synchronized void copyToDevice(int[] src, int srcOffset, long dst, int count) {
        MemorySegment.copy(src, srcOffset, segment(dst, 4L * count), JAVA_INT, 0, count);
    }

    @Override
    public synchronized void copyToHost(long src, float[] dst, int dstOffset, int count) {
        MemorySegment.copy(segment(src, 4L * count), JAVA_FLOAT, 0, dst, dstOffset, count);
    }

    @Override
    public synchronized void copyToHost(long src, int[] dst, int dstOffset, int count) {
        MemorySegment.copy(segment(src, 4L * count), JAVA_INT, 0, dst, dstOffset, count);
    }

    @Override
    public synchronized void copyToHost(long src, double[] dst, int dstOffset, int count) {
        MemorySegment.copy(segment(src, 8L * count), JAVA_DOUBLE, 0, dst, dstOffset, count);
    }

    /** Runs the kernel to completion (the emulator is synchronous). */
    @Override
    public synchronized void launch(Kernel kernel, LaunchConfig config, KernelArgs args) {
        checkOpen();
        Device.checkSignature(kernel, args);
        for (int i = 0; i < args.size(); i++) {
            if (args.signature().charAt(i) == 'p') {
                segment(args.value(i), 0); // inside a live allocation (or one past its end)
            }
        }
        emulator.launch(kernels.get(kernel), config, args);
    }

    /** Nothing to wait for: launches finish before {@link #launch} returns. */
    @Override
    public void synchronize() {
        checkOpen();
    }

    /** No vendor BLAS on the host: GEMM runs the built-in sgemm kernel. */
    @Override
    public Optional<DeviceBlas> blas() {
        return Optional.empty();
    }

    /** Frees every allocation still live. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Allocation> live = new ArrayList<>(allocations.values());
        allocations.clear();
        allocatedBytes = 0;
        for (Allocation allocation : live) {
            allocation.arena().close();
        }
    }

    @Override
    public String toString() {
        return "EmulatedDevice[" + allocations.size() + " allocations]";
    }

    /** Bytes [address, address + bytes) of the live allocation that contains them. */
    private MemorySegment segment(long address, long bytes) {
        checkOpen();
        Map.Entry<Long, Allocation> entry = allocations.floorEntry(address);
        if (entry != null && bytes >= 0) {
            MemorySegment base = entry.getValue().segment();
            long offset = address - entry.getKey();
            if (offset <= base.byteSize() - bytes) {
                return base.asSlice(offset, bytes);
            }
        }
        throw new IndexOutOfBoundsException("device range 0x" + Long.toHexString(address) + " + " + bytes
                + " bytes is outside every live allocation");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the emulated device is closed");
        }
    }
}
