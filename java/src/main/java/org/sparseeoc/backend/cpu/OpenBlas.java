package org.sparseeoc.backend.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The native OpenBLAS library, called through FFM downcall handles (no JNI wrapper in the call
 * path, no copies: buffer segments are passed as raw addresses).
 *
 * <p>The library comes from Maven ({@code org.bytedeco:openblas}, linux-x86_64 classifier). JavaCPP's
 * {@link Loader} extracts it (to ~/.javacpp/cache) and loads it together with its Fortran runtime;
 * we then look up the same file with {@link SymbolLookup#libraryLookup}, which dlopen()s the
 * already-loaded library, and bind the few C functions we need. One instance per process: the
 * library and its thread count are process-wide.
 *
 * <p>Binding native functions uses FFM's restricted methods (downcallHandle, libraryLookup,
 * reinterpret); they are confined to this class, hence the suppression, and need
 * {@code --enable-native-access=ALL-UNNAMED} (set by ./sparse-eoc, the jar manifest and surefire).
 */
@SuppressWarnings("restricted")
final class OpenBlas {
    // cblas.h enum values (CBLAS_ORDER, CBLAS_TRANSPOSE).
    static final int ROW_MAJOR = 101;
    static final int NO_TRANS = 111;
    static final int TRANS = 112;

    private static OpenBlas instance;

    private final String libraryPath;
    private final MethodHandle sgemm;
    private final MethodHandle setNumThreads;
    private final MethodHandle getNumThreads;
    private final MethodHandle getConfig;
    private final MethodHandle getCorename;
    private final MethodHandle getParallel;
    // Last value passed to openblas_set_num_threads, so gemm can re-assert its instance's count
    // cheaply when several CpuOps with different counts share the process.
    private volatile int threads = -1;

    private OpenBlas(String libraryPath, SymbolLookup lib) {
        this.libraryPath = libraryPath;
        Linker linker = Linker.nativeLinker();
        // void cblas_sgemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        // blasint is 32-bit in this build (no OPENBLAS_USE64BITINT in openblas_config.h).
        sgemm = linker.downcallHandle(
                symbol(lib, "cblas_sgemm"),
                FunctionDescriptor.ofVoid(
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_FLOAT,
                        ADDRESS,
                        JAVA_INT,
                        ADDRESS,
                        JAVA_INT,
                        JAVA_FLOAT,
                        ADDRESS,
                        JAVA_INT));
        setNumThreads =
                linker.downcallHandle(symbol(lib, "openblas_set_num_threads"), FunctionDescriptor.ofVoid(JAVA_INT));
        getNumThreads = linker.downcallHandle(symbol(lib, "openblas_get_num_threads"), FunctionDescriptor.of(JAVA_INT));
        getConfig = linker.downcallHandle(symbol(lib, "openblas_get_config"), FunctionDescriptor.of(ADDRESS));
        getCorename = linker.downcallHandle(symbol(lib, "openblas_get_corename"), FunctionDescriptor.of(ADDRESS));
        getParallel = linker.downcallHandle(symbol(lib, "openblas_get_parallel"), FunctionDescriptor.of(JAVA_INT));
    }

    /** The process's OpenBLAS, loaded on first use; fails with one line if it cannot be loaded. */
    static synchronized OpenBlas get() {
        if (instance == null) {
            instance = load();
        }
        return instance;
    }

    private static OpenBlas load() {
        try {
            Loader.load(openblas_nolapack.class);
            String path = loadedOpenBlasPath(Loader.getLoadedLibraries());
            return new OpenBlas(path, SymbolLookup.libraryLookup(Path.of(path), Arena.global()));
        } catch (LinkageError | RuntimeException e) {
            // No silent fallback: a CPU backend without native GEMM would be ~50x slower.
            throw new IllegalStateException(
                    "OpenBLAS could not be loaded (org.bytedeco:openblas linux-x86_64 from Maven; needs"
                            + " --enable-native-access=ALL-UNNAMED): " + e,
                    e);
        }
    }

    /** JavaCPP names the extracted libopenblas.so.0 "openblas_nolapack@.0" (value: its file). */
    private static String loadedOpenBlasPath(Map<String, String> loaded) {
        for (Map.Entry<String, String> e : loaded.entrySet()) {
            if (e.getKey().startsWith("openblas") && e.getValue() != null) {
                return e.getValue();
            }
        }
        throw new IllegalStateException("JavaCPP loaded no openblas library; loaded: " + loaded.keySet());
    }

    private static MemorySegment symbol(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new IllegalStateException("OpenBLAS has no symbol " + name));
    }

    /**
     * cblas_sgemm, row-major. The caller has checked every size and leading dimension against the
     * segments (a native call has no bounds checks); FFM keeps the segments alive during the call.
     */
    void sgemm(
            int transA,
            int transB,
            int m,
            int n,
            int k,
            float alpha,
            MemorySegment a,
            int lda,
            MemorySegment b,
            int ldb,
            float beta,
            MemorySegment c,
            int ldc) {
        try {
            sgemm.invokeExact(ROW_MAJOR, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Sets OpenBLAS's (process-wide) thread count if it is not already {@code count}. */
    void ensureThreads(int count) {
        if (threads != count) {
            synchronized (this) {
                try {
                    setNumThreads.invokeExact(count);
                } catch (Throwable t) {
                    throw rethrow(t);
                }
                threads = count;
            }
        }
    }

    /** openblas_get_num_threads(). */
    int numThreads() {
        try {
            return (int) getNumThreads.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** openblas_get_config(), e.g. "OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64". */
    String config() {
        return cString(getConfig);
    }

    /** openblas_get_corename(): the kernel family chosen for this CPU, e.g. "Haswell". */
    String corename() {
        return cString(getCorename);
    }

    /** openblas_get_parallel(): "sequential", "pthreads" or "openmp". */
    String parallel() {
        try {
            return switch ((int) getParallel.invokeExact()) {
                case 0 -> "sequential";
                case 1 -> "pthreads";
                case 2 -> "openmp";
                default -> "unknown";
            };
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The libopenblas file that JavaCPP extracted and loaded. */
    String libraryPath() {
        return libraryPath;
    }

    private static String cString(MethodHandle function) {
        try {
            MemorySegment s = (MemorySegment) function.invokeExact();
            // A static C string of the library: readable up to its terminating NUL.
            return s.reinterpret(4096).getString(0).strip();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
