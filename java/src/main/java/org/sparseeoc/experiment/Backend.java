package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a run computes. A spec may name any of them; only {@link #CPU} exists so far, and the
 * training stage (not the spec) rejects the others at run time, so that specs written for the GPU
 * stay valid while it is being built.
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
