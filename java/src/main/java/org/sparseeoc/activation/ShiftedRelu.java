package org.sparseeoc.activation;

/** Shifted ReLU_τ, max(0, x − τ). */
public record ShiftedRelu(double tau) implements Activation {
    public ShiftedRelu {
        OneSidedProfile.validate(tau, Double.POSITIVE_INFINITY, false);
    }
}
