package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonValue;

/** How weights and biases are drawn at initialisation. */
public enum InitScheme {
    /**
     * Edge of chaos: weights N(0, σ_w²/fan_in) and biases N(0, σ_b²) with (σ_w², σ_b²) from the
     * theory for the spec's activation, sparsity and clip.
     */
    EOC("eoc"),
    /** He et al.: weights N(0, 2/fan_in), biases 0 (the EoC of plain ReLU). */
    HE("he"),
    /** Glorot and Bengio: weights N(0, 2/(fan_in + fan_out)), biases 0. */
    GLOROT("glorot");

    private final String specName;

    InitScheme(String specName) {
        this.specName = specName;
    }

    /** The name in specs, e.g. {@code eoc}. */
    @JsonValue
    public String specName() {
        return specName;
    }
}
