package org.sparseeoc.backend.cuda;

import java.util.Map;
import java.util.Optional;

/**
 * What {@link CudaOps} needs of a GPU: device memory by address, synchronous copies between host
 * arrays and device memory, memset, kernel launches by {@link Kernel} constant, and a
 * description for provenance. Two implementations: the real one over the CUDA driver
 * ({@code JCudaDevice}) and {@link org.sparseeoc.backend.cuda.emu.EmulatedDevice}, which runs the
 * same kernel sources on the host so CI checks {@link CudaOps} without a GPU.
 *
 * <p>Addresses are device addresses ({@code CUdeviceptr} values; on the emulator, native
 * addresses): an allocation's address plus a byte offset addresses inside it, which is how buffer
 * slices and kernel pointer arguments work. Copies are synchronous (they return when the data has
 * arrived, as cuMemcpyHtoD/DtoH do on the default stream, after earlier launches); launches may be
 * asynchronous until {@link #synchronize} or a copy to the host. One thread at a time.
 */
public interface Device extends AutoCloseable {
    /** One line for people: which device, e.g. "NVIDIA H100 80GB HBM3 (compute 9.0)". */
    String description();

    /** Key/value provenance: device name, compute capability, driver, memory, PTX hash, etc. */
    Map<String, String> details();

    /** Whether the kernels run on the host emulator (recorded in the backend's GEMM description). */
    boolean emulated();

    /** {@code bytes} (≥ 1) of device memory with undefined contents; fails with one line if full. */
    long allocate(long bytes);

    /** Frees an allocation by the address {@link #allocate} returned. */
    void free(long address);

    /** Sets {@code bytes} bytes from {@code address} to {@code value}. */
    void memset(long address, byte value, long bytes);

    /** count floats of src from srcOffset to device memory at dst. */
    void copyToDevice(float[] src, int srcOffset, long dst, int count);

    /** count ints of src from srcOffset to device memory at dst. */
    void copyToDevice(int[] src, int srcOffset, long dst, int count);

    /** count floats at device address src to dst from dstOffset, after all earlier launches. */
    void copyToHost(long src, float[] dst, int dstOffset, int count);

    /** count ints at device address src to dst from dstOffset, after all earlier launches. */
    void copyToHost(long src, int[] dst, int dstOffset, int count);

    /** count doubles at device address src to dst from dstOffset, after all earlier launches. */
    void copyToHost(long src, double[] dst, int dstOffset, int count);

    /**
     * Launches {@code kernel} with {@code config} and {@code args}; throws IllegalArgumentException
     * when the arguments' types are not the kernel's {@link Kernel#signature()}.
     */
    void launch(Kernel kernel, LaunchConfig config, KernelArgs args);

    /** Waits for every launch so far to finish (and reports a failed one). */
    void synchronize();

    /** A vendor SGEMM (cuBLAS) on this device, when its library loads; empty: the built-in kernel. */
    Optional<DeviceBlas> blas();

    /** Releases the device (context, modules, library handles). Idempotent. */
    @Override
    void close();

    /** Throws IllegalArgumentException unless args match the kernel's declared parameter types. */
    static void checkSignature(Kernel kernel, KernelArgs args) {
        if (!kernel.signature().equals(args.signature())) {
            throw new IllegalArgumentException("kernel " + kernel.symbol() + " takes arguments (" + kernel.signature()
                    + ") but was given (" + args.signature() + "); codes: p pointer, i int, l long, f float");
        }
    }
}
