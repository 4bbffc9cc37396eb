package org.sparseeoc.backend.cuda.emu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.sparseeoc.backend.cuda.KernelArgs;
import org.sparseeoc.backend.cuda.LaunchConfig;

/**
 * The CUDA kernels compiled for the host ({@code libsparseeoc_emu.so}, built by {@code
 * cuda/build.sh} with g++ into the classpath), launched by name like {@code cuLaunchKernel}: device
 * pointers are native addresses (e.g. {@link MemorySegment#address()}). Launches only; memory is
 * the caller's. One process-wide instance; launches are serialised by the library.
 *
 * <p>FFM's restricted methods (libraryLookup, downcallHandle, reinterpret) are confined to this
 * class, hence the suppression; they need {@code --enable-native-access=ALL-UNNAMED}.
 */
@SuppressWarnings("restricted")
public final class Emulator {
    private static final int ERROR_CAPACITY = 512;
    private static final String RESOURCE = "/org/sparseeoc/cuda/emu/" + platform() + "/libsparseeoc_emu.so";

    private static Emulator instance;
    private static String unavailable;

    private final Map<String, String> kernels; // name → signature
    private final MethodHandle launch;

    private Emulator(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        MethodHandle table = linker.downcallHandle(symbol(lib, "emu_kernel_table"), FunctionDescriptor.of(ADDRESS));
        // int emu_launch(const char* kernel, unsigned gx, gy, gz, bx, by, bz, unsigned sharedBytes,
        //                void** kernelParams, char* error, unsigned capacity)
        launch = linker.downcallHandle(
                symbol(lib, "emu_launch"),
                FunctionDescriptor.of(
                        JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        ADDRESS, ADDRESS, JAVA_INT));
        Map<String, String> found = new TreeMap<>();
        try {
            MemorySegment text = (MemorySegment) table.invokeExact();
            for (String line : text.reinterpret(Long.MAX_VALUE).getString(0).split("\n")) {
                if (!line.isEmpty()) {
                    int colon = line.indexOf(':');
                    found.put(line.substring(0, colon), line.substring(colon + 1));
                }
            }
        } catch (Throwable e) {
            throw new IllegalStateException("reading the emulator's kernel table", e);
        }
        kernels = Collections.unmodifiableMap(found);
    }

    /** Whether the emulator library is on the classpath and loads ({@link #get} then succeeds). */
    public static synchronized boolean isAvailable() {
        tryLoad();
        return instance != null;
    }

    /** Why the emulator is not available (null when it is): e.g. g++ was missing at build time. */
    public static synchronized String unavailableReason() {
        tryLoad();
        return unavailable;
    }

    /** The emulator, loaded on first use; throws IllegalStateException saying why it cannot load. */
    public static synchronized Emulator get() {
        tryLoad();
        if (instance == null) {
            throw new IllegalStateException(unavailable);
        }
        return instance;
    }

    /** Kernel name → signature (type codes as in {@link KernelArgs#signature()}), by name. */
    public Map<String, String> kernels() {
        return kernels;
    }

    /**
     * Runs {@code kernel} over the grid of {@code config} with {@code args}, returning when it has
     * finished. Throws IllegalArgumentException for an unknown kernel or arguments of the wrong
     * types, IllegalStateException when the emulator rejects the launch (e.g. a barrier that not all
     * threads of a block reach).
     */
    public void launch(String kernel, LaunchConfig config, KernelArgs args) {
        String signature = kernels.get(kernel);
        if (signature == null) {
            throw new IllegalArgumentException(
                    "unknown kernel '" + kernel + "': the emulator has " + String.join(", ", kernels.keySet()));
        }
        if (!signature.equals(args.signature())) {
            throw new IllegalArgumentException("kernel " + kernel + " takes arguments (" + signature
                    + ") but was given (" + args.signature() + "); codes: p pointer, i int, l long, f float");
        }
        try (Arena arena = Arena.ofConfined()) {
            int count = args.size();
            // values: one 8-byte slot per argument; params[i] points at slot i (kernelParams).
            MemorySegment values = arena.allocate(8L * Math.max(1, count), 8);
            MemorySegment params = arena.allocate(ADDRESS, Math.max(1, count));
            for (int i = 0; i < count; i++) {
                long offset = 8L * i;
                long value = args.value(i);
                switch (signature.charAt(i)) {
                    case 'i' -> values.set(JAVA_INT, offset, (int) value);
                    case 'f' -> values.set(JAVA_FLOAT, offset, Float.intBitsToFloat((int) value));
                    default -> values.set(JAVA_LONG, offset, value); // 'l', and 'p' (64-bit addresses)
                }
                params.setAtIndex(ADDRESS, i, values.asSlice(offset));
            }
            MemorySegment error = arena.allocate(ERROR_CAPACITY);
            int rc = (int) launch.invokeExact(
                    arena.allocateFrom(kernel),
                    config.gridX(),
                    config.gridY(),
                    config.gridZ(),
                    config.blockX(),
                    config.blockY(),
                    config.blockZ(),
                    config.sharedBytes(),
                    params,
                    error,
                    ERROR_CAPACITY);
            if (rc != 0) {
                throw new IllegalStateException(
                        "emulated launch of " + kernel + " with " + config + " failed: " + error.getString(0));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("calling emu_launch", e);
        }
    }

    /** Extracts the library from the classpath to a temporary file and loads it, once. */
    private static void tryLoad() {
        if (instance != null || unavailable != null) {
            return;
        }
        try (InputStream in = Emulator.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                unavailable = "no CUDA emulator library " + RESOURCE + " on the classpath: cuda/build.sh builds it"
                        + " when g++ is installed (Linux only)";
                return;
            }
            Path file = Files.createTempFile("sparseeoc_emu", ".so");
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                // dlopen maps the file; once loaded, it need not stay on disk.
                instance = new Emulator(SymbolLookup.libraryLookup(file, Arena.global()));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("extracting " + RESOURCE, e);
        }
    }

    private static MemorySegment symbol(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new IllegalStateException("emulator library lacks " + name));
    }

    /** The resource directory of this OS and CPU, as cuda/build.sh names it (uname -s, uname -m). */
    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        return os + "-" + (arch.equals("amd64") ? "x86_64" : arch);
    }
}
