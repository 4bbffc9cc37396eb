package org.sparseeoc.backend;

import java.util.Map;

/**
 * What a backend is, for provenance: its name, the GEMM library and its threads, and free-form
 * details (device, driver, PTX hash for CUDA).
 */
public record BackendInfo(String name, String gemm, int threads, Map<String, String> details) {
    public BackendInfo {
        details = Map.copyOf(details);
    }
}
