package org.sparseeoc.activation;

/** Clipped soft threshold CST_{τ,m}, sign(x)·min(max(0, |x| − τ), m). */
public record ClippedSoftThreshold(double tau, double clip) implements Activation {
    public ClippedSoftThreshold {
        OneSidedProfile.validate(tau, clip, true);
    }
}
