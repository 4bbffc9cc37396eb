package org.sparseeoc.activation;

/** Clipped shifted ReLU CReLU_{τ,m}, min(max(0, x − τ), m). */
public record ClippedRelu(double tau, double clip) implements Activation {
    public ClippedRelu {
        OneSidedProfile.validate(tau, clip, true);
    }
}
