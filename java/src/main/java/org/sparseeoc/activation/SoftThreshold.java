package org.sparseeoc.activation;

/** Soft threshold ST_τ, sign(x)·max(0, |x| − τ). */
public record SoftThreshold(double tau) implements Activation {
    public SoftThreshold {
        OneSidedProfile.validate(tau, Double.POSITIVE_INFINITY, false);
    }
}
