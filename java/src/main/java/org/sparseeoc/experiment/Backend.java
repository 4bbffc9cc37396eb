package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a run computes: the CPU, a CUDA GPU (device 0, through the CUDA driver), or the GPU when one
 * is usable and the CPU otherwise. {@code Backends} opens them; a spec naming {@code cuda} on a
 * machine without a usable GPU stays valid and fails only when a run starts, with the reason.
 */
public enum Backend {
    /** Plain Java on the CPU. */
    CPU("cpu"),
    /** NVIDIA GPU through CUDA. */
    CUDA("cuda"),
    /** CUDA when a GPU is usable, else the CPU. */
    AUTO("auto");

    private final String specName;

    Backend(String specName) {
        this.specName = specName;
    }

    /** The name in specs, e.g. {@code cpu}. */
    @JsonValue
    public String specName() {
        return specName;
    }
}
