package org.sparseeoc.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

/**
 * Whether this machine has an NVIDIA driver, judged independently of JCuda by dlopen-ing {@code
 * libcuda.so.1} (the driver's library, which no toolkit or build installs), so that tests of the
 * "no driver" errors run where they apply and skip on GPU machines.
 */
@SuppressWarnings("restricted") // SymbolLookup.libraryLookup; the tests run with native access
public final class NvidiaDriver {
    private NvidiaDriver() {}

    /** True when libcuda.so.1 cannot be loaded. */
    public static boolean absent() {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup("libcuda.so.1", arena);
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
