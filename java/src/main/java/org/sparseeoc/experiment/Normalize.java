package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonValue;

/** How input features are scaled before the first layer (and before {@link InitSpec#inputScaling()}). */
public enum Normalize {
    /** Raw values as stored (bytes 0..255 for MNIST and CIFAR-10). */
    NONE("none"),
    /** Divided by the largest representable value, so pixels lie in [0, 1]. */
    UNIT("unit"),
    /**
     * Shifted and scaled to zero mean and unit variance per channel, with the mean and variance of
     * the training split (one channel for MNIST, three for CIFAR-10).
     */
    STANDARDIZE("standardize");

    private final String specName;

    Normalize(String specName) {
        this.specName = specName;
    }

    /** The name in specs, e.g. {@code standardize}. */
    @JsonValue
    public String specName() {
        return specName;
    }
}
