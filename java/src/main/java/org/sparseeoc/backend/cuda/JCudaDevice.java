package org.sparseeoc.backend.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;

/**
 * A real GPU through the CUDA driver API (JCuda): device 0, its primary context, and the kernels
 * from the PTX that {@code cuda/build.sh} compiles into the classpath when nvcc is present ({@code
 * org/sparseeoc/cuda/ptx/<family>.ptx}, one module per {@code .cu} file, JIT-compiled by the
 * driver for the GPU at hand). Every module is loaded once and every {@link Kernel} resolved once
 * into an {@link EnumMap}, so a missing kernel fails at creation, not mid-run.
 *
 * <p>Errors are one line that says what to do ({@link CudaDeviceException}): no driver ({@code
 * libcuda.so.1} does not load), no device, no PTX in the build, a driver older than the nvcc that
 * wrote the PTX, out of device memory (bytes asked and free). JCuda's exceptions are enabled, so
 * any other failing driver call throws a {@link CudaException} naming its error code.
 *
 * <p>GEMM as {@link GemmLibrary} says: cuBLAS ({@code cublasSgemm}) when {@code libcublas.so.12}
 * loads, else the built-in kernel ({@link #blas()} is then empty and {@code details().get("cublas")}
 * says why; whoever asked for {@link GemmLibrary#CUBLAS} reports that as its error). TF32 tensor-core math only when asked for, since it rounds the inputs to 10-bit mantissas
 * and the CPU reference does not. Which GEMM runs is in {@link #details()}.
 */
public final class JCudaDevice implements Device {
    private static final String PTX_RESOURCE = "/org/sparseeoc/cuda/ptx/";

    /** Why JCuda's JNI library did not load, once known: a second attempt cannot succeed. */
    private static String bindingFailure;

    private final CUdevice device;
    private final Map<String, CUmodule> modules = new LinkedHashMap<>(); // family → module
    private final Map<Kernel, CUfunction> functions = new EnumMap<>(Kernel.class);
    private final TreeMap<Long, Allocation> allocations = new TreeMap<>(); // by base address
    private final Map<String, String> details = new LinkedHashMap<>();
    private String description;
    private CublasGemm cublas; // null when libcublas did not load
    private boolean closed;

    /** A device allocation whose address can be read (NativePointerObject's accessor is protected). */
    private static final class Allocation extends CUdeviceptr {
        final long bytes;

        Allocation(long bytes) {
            this.bytes = bytes;
        }

        long address() {
            return getNativePointer();
        }
    }

    private JCudaDevice(GemmLibrary gemm, boolean tf32) {
        device = new CUdevice();
        JCudaDriver.cuDeviceGet(device, 0);
        byte[] name = new byte[256];
        JCudaDriver.cuDeviceGetName(name, name.length, device);
        String deviceName = new String(name, StandardCharsets.US_ASCII).trim().replace("\0", "");
        String capability = attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) + "."
                + attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        int[] driver = new int[1];
        JCudaDriver.cuDriverGetVersion(driver);
        long[] total = new long[1];
        JCudaDriver.cuDeviceTotalMem(total, device);
        CUcontext context = new CUcontext();
        // The primary context: the one the runtime and cuBLAS use, so they share our allocations.
        JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
        try {
            JCudaDriver.cuCtxSetCurrent(context);
            initialise(deviceName, capability, driver[0], total[0], gemm, tf32);
        } catch (RuntimeException | Error e) {
            close(); // unloads what was loaded and releases the context retained above
            throw e;
        }
    }

    /** Fills description and details, loads the PTX and resolves the kernels, opens cuBLAS if asked. */
    private void initialise(
            String deviceName, String capability, int driver, long totalMemory, GemmLibrary library, boolean tf32) {
        String driverVersion = driver / 1000 + "." + driver % 1000 / 10;
        description = deviceName + " (compute " + capability + ", driver CUDA " + driverVersion + ")";
        details.put("device", deviceName);
        details.put("device.compute_capability", capability);
        details.put("device.multiprocessors", Integer.toString(attribute(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT)));
        details.put("device.memory_bytes", Long.toString(totalMemory));
        // Peak memory bandwidth is 2 (DDR) × clock × bus width; the GPU benchmark compares against it.
        details.put("device.memory_clock_khz", Integer.toString(attribute(CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE)));
        details.put("device.memory_bus_bits", Integer.toString(attribute(CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH)));
        details.put("driver.cuda_version", driverVersion);
        details.put("ptx.sha256", loadKernels(driverVersion));
        details.put("gemm.requested", library.cliName());
        if (!library.loadsCublas()) {
            details.put("cublas", "not loaded (gemm: builtin)");
            return;
        }
        try {
            cublas = new CublasGemm(this, tf32);
            details.put("cublas", cublas.description());
        } catch (LinkageError e) {
            // libJCublas2 links libcublas.so.12 (a CUDA 12 toolkit or runtime); without it, the kernel.
            details.put("cublas", "not loaded (" + linkerMessage(e) + "): built-in sgemm");
        } catch (CudaException e) {
            details.put("cublas", "not usable (" + e.getMessage() + "): built-in sgemm");
        }
    }

    /**
     * Device 0 with the GEMM {@code library} (cuBLAS allowed TF32 tensor cores when {@code tf32}).
     * Throws {@link CudaDeviceException} with one line when there is no driver, no device or no PTX.
     */
    public static JCudaDevice open(GemmLibrary library, boolean tf32) {
        synchronized (JCudaDevice.class) {
            if (bindingFailure != null) {
                throw new CudaDeviceException(bindingFailure);
            }
            try {
                JCudaDriver.setExceptionsEnabled(true); // loads JCuda's JNI library on first use
            } catch (LinkageError e) {
                bindingFailure = bindingFailure(e);
                throw new CudaDeviceException(bindingFailure, e);
            }
        }
        int[] count = new int[1];
        try {
            JCudaDriver.cuInit(0);
            JCudaDriver.cuDeviceGetCount(count);
        } catch (CudaException e) {
            throw new CudaDeviceException("no CUDA device: cuInit failed with " + e.getMessage(), e);
        }
        if (count[0] < 1) {
            throw new CudaDeviceException("no CUDA device: the NVIDIA driver sees none");
        }
        return new JCudaDevice(library, tf32);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Map<String, String> details() {
        return Map.copyOf(details);
    }

    @Override
    public boolean emulated() {
        return false;
    }

    @Override
    public synchronized long allocate(long bytes) {
        checkOpen();
        if (bytes < 1) {
            throw new IllegalArgumentException("device allocation needs >= 1 byte, got " + bytes);
        }
        Allocation allocation = new Allocation(bytes);
        try {
            JCudaDriver.cuMemAlloc(allocation, bytes);
        } catch (CudaException e) {
            if (is(e, CUresult.CUDA_ERROR_OUT_OF_MEMORY)) {
                long[] free = new long[1];
                long[] total = new long[1];
                JCudaDriver.cuMemGetInfo(free, total);
                throw CudaDeviceException.outOfMemory(bytes, free[0], total[0], description);
            }
            throw e;
        }
        allocations.put(allocation.address(), allocation);
        return allocation.address();
    }

    @Override
    public synchronized void free(long address) {
        Allocation allocation = allocations.remove(address);
        if (allocation == null) {
            throw new IllegalArgumentException("free of 0x" + Long.toHexString(address) + ": not an allocation");
        }
        JCudaDriver.cuMemFree(allocation);
    }

    @Override
    public synchronized void memset(long address, byte value, long bytes) {
        JCudaDriver.cuMemsetD8(pointer(address, bytes), value, bytes);
    }

    @Override
    public synchronized void copyToDevice(float[] src, int srcOffset, long dst, int count) {
        long bytes = (long) Float.BYTES * count;
        JCudaDriver.cuMemcpyHtoD(
                pointer(dst, bytes), Pointer.to(src).withByteOffset((long) Float.BYTES * srcOffset), bytes);
    }

    @Override
    public synchronized void copyToDevice(int[] src, int srcOffset, long dst, int count) {
        long bytes = (long) Integer.BYTES * count;
        JCudaDriver.cuMemcpyHtoD(
                pointer(dst, bytes), Pointer.to(src).withByteOffset((long) Integer.BYTES * srcOffset), bytes);
    }

    @Override
    public synchronized void copyToHost(long src, float[] dst, int dstOffset, int count) {
        long bytes = (long) Float.BYTES * count;
        JCudaDriver.cuMemcpyDtoH(
                Pointer.to(dst).withByteOffset((long) Float.BYTES * dstOffset), pointer(src, bytes), bytes);
    }

    @Override
    public synchronized void copyToHost(long src, int[] dst, int dstOffset, int count) {
        long bytes = (long) Integer.BYTES * count;
        JCudaDriver.cuMemcpyDtoH(
                Pointer.to(dst).withByteOffset((long) Integer.BYTES * dstOffset), pointer(src, bytes), bytes);
    }

    @Override
    public synchronized void copyToHost(long src, double[] dst, int dstOffset, int count) {
        long bytes = (long) Double.BYTES * count;
        JCudaDriver.cuMemcpyDtoH(
                Pointer.to(dst).withByteOffset((long) Double.BYTES * dstOffset), pointer(src, bytes), bytes);
    }

    /**
     * cuLaunchKernel on the default stream: kernelParams[i] points at a host copy of argument i,
     * typed as the kernel declares it (checked against {@link Kernel#signature()} first).
     */
    @Override
    public synchronized void launch(Kernel kernel, LaunchConfig config, KernelArgs args) {
        checkOpen();
        Device.checkSignature(kernel, args);
        Pointer[] params = new Pointer[args.size()];
        for (int i = 0; i < params.length; i++) {
            long value = args.value(i);
            params[i] = switch (args.signature().charAt(i)) {
                case 'i' -> Pointer.to(new int[] {(int) value});
                case 'f' -> Pointer.to(new float[] {Float.intBitsToFloat((int) value)});
                default -> Pointer.to(new long[] {value}); // 'l', and 'p': a 64-bit device address
            };
        }
        JCudaDriver.cuLaunchKernel(
                functions.get(kernel),
                config.gridX(),
                config.gridY(),
                config.gridZ(),
                config.blockX(),
                config.blockY(),
                config.blockZ(),
                config.sharedBytes(),
                null,
                Pointer.to(params),
                null);
    }

    @Override
    public synchronized void synchronize() {
        checkOpen();
        JCudaDriver.cuCtxSynchronize();
    }

    @Override
    public Optional<DeviceBlas> blas() {
        return Optional.ofNullable(cublas);
    }

    /** Frees every allocation, destroys the cuBLAS handle, unloads the modules, releases the context. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cublas != null) {
            cublas.close();
        }
        List<Allocation> live = new ArrayList<>(allocations.values());
        allocations.clear();
        for (Allocation allocation : live) {
            JCudaDriver.cuMemFree(allocation);
        }
        for (CUmodule module : modules.values()) {
            JCudaDriver.cuModuleUnload(module);
        }
        JCudaDriver.cuDevicePrimaryCtxRelease(device);
    }

    @Override
    public String toString() {
        return "JCudaDevice[" + description + "]";
    }

    /**
     * Loads each family's PTX once and resolves every kernel; returns the SHA-256 of the PTX files
     * concatenated in family order (the exact device code of this run, for provenance).
     */
    private String loadKernels(String driverVersion) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
        for (Kernel kernel : Kernel.values()) {
            CUmodule module = modules.get(kernel.family());
            if (module == null) {
                byte[] ptx = readPtx(kernel.family());
                sha.update(ptx);
                module = new CUmodule();
                try {
                    // cuModuleLoadData reads a NUL-terminated PTX string.
                    JCudaDriver.cuModuleLoadData(module, Arrays.copyOf(ptx, ptx.length + 1));
                } catch (CudaException e) {
                    if (is(e, CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION)) {
                        throw new CudaDeviceException(
                                "the NVIDIA driver (CUDA " + driverVersion
                                        + ") is older than the nvcc that compiled " + kernel.family()
                                        + ".ptx: update the driver, or build with the CUDA toolkit that matches it",
                                e);
                    }
                    throw new CudaDeviceException("loading " + kernel.family() + ".ptx failed: " + e.getMessage(), e);
                }
                modules.put(kernel.family(), module);
            }
            CUfunction function = new CUfunction();
            try {
                JCudaDriver.cuModuleGetFunction(function, module, kernel.symbol());
            } catch (CudaException e) {
                throw new CudaDeviceException(
                        kernel.family() + ".ptx lacks kernel " + kernel.symbol() + " (" + e.getMessage()
                                + "): rebuild with cuda/build.sh",
                        e);
            }
            functions.put(kernel, function);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static byte[] readPtx(String family) {
        String resource = PTX_RESOURCE + family + ".ptx";
        try (InputStream in = JCudaDevice.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new CudaDeviceException("no PTX in this build (" + resource + " is missing): build with nvcc"
                        + " on PATH, which cuda/build.sh uses to compile the kernels during mvn package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    /** The allocation-relative pointer for [address, address + bytes), checked to be inside one. */
    private CUdeviceptr pointer(long address, long bytes) {
        checkOpen();
        Map.Entry<Long, Allocation> entry = allocations.floorEntry(address);
        if (entry != null && bytes >= 0) {
            long offset = address - entry.getKey();
            if (offset <= entry.getValue().bytes - bytes) {
                return entry.getValue().withByteOffset(offset);
            }
        }
        throw new IndexOutOfBoundsException("device range 0x" + Long.toHexString(address) + " + " + bytes
                + " bytes is outside every live allocation");
    }

    private int attribute(int attribute) {
        int[] value = new int[1];
        JCudaDriver.cuDeviceGetAttribute(value, attribute, device);
        return value[0];
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the CUDA device is closed");
        }
    }

    /** Whether a JCuda exception (message = the CUresult's name) is for {@code code}. */
    private static boolean is(CudaException e, int code) {
        return CUresult.stringFor(code).equals(e.getMessage());
    }

    /**
     * The one line for JCuda's JNI library failing to load. JCuda's message is a multi-line report
     * of each attempt; the one that matters is the dynamic linker's, and the usual cause is that
     * the library links libcuda.so.1, which only the NVIDIA driver installs.
     */
    private static String bindingFailure(LinkageError e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("libcuda.so.1")) {
            return "no NVIDIA driver: libcuda.so.1 cannot be loaded (it is installed with the NVIDIA driver;"
                    + " without a GPU use \"backend\": \"cpu\")";
        }
        return "the CUDA driver binding (JCuda) did not load: " + linkerMessage(e);
    }

    /**
     * The dynamic linker's reason from JCuda's multi-line load report (its last "UnsatisfiedLinkError:
     * ..." line, e.g. "libcublas.so.12: cannot open shared object file"), else the first line.
     */
    static String linkerMessage(LinkageError e) {
        String message = String.valueOf(e.getMessage());
        String reason = message.lines().findFirst().orElse(message);
        for (String line : message.split("\n")) {
            int at = line.indexOf("UnsatisfiedLinkError: ");
            if (at >= 0) {
                reason = line.substring(at + "UnsatisfiedLinkError: ".length());
            }
        }
        return reason;
    }

    /**
     * cuBLAS SGEMM on this device's context. cuBLAS is column-major; a row-major m×n C is a
     * column-major n×m Cᵀ = op(B)ᵀ·op(A)ᵀ, so the call swaps the operands (and m with n) and keeps
     * each operand's transpose flag and leading dimension: no copy, no transpose kernel.
     */
    private static final class CublasGemm implements DeviceBlas {
        private final JCudaDevice owner;
        private final cublasHandle handle = new cublasHandle();
        private final String description;

        CublasGemm(JCudaDevice owner, boolean tf32) {
            this.owner = owner;
            JCublas2.setExceptionsEnabled(true);
            JCublas2.cublasCreate(handle);
            JCublas2.cublasSetMathMode(
                    handle, tf32 ? cublasMath.CUBLAS_TF32_TENSOR_OP_MATH : cublasMath.CUBLAS_DEFAULT_MATH);
            int[] version = new int[1];
            JCublas2.cublasGetVersion(handle, version);
            description = "cuBLAS " + version[0] / 10000 + "." + version[0] % 10000 / 100 + "." + version[0] % 100
                    + " (cublasSgemm, TF32 " + (tf32 ? "on" : "off") + ")";
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public void sgemm(
                boolean transA,
                boolean transB,
                int m,
                int n,
                int k,
                float alpha,
                long a,
                int lda,
                long b,
                int ldb,
                float beta,
                long c,
                int ldc) {
            synchronized (owner) {
                JCublas2.cublasSgemm(
                        handle,
                        transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                        transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                        n,
                        m,
                        k,
                        Pointer.to(new float[] {alpha}),
                        owner.pointer(b, 0),
                        ldb,
                        owner.pointer(a, 0),
                        lda,
                        Pointer.to(new float[] {beta}),
                        owner.pointer(c, 0),
                        ldc);
            }
        }

        void close() {
            JCublas2.cublasDestroy(handle);
        }
    }
}
