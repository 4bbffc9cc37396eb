package org.sparseeoc.theory;

/** How the clip m of a clipped activation is given in an EoC request. */
public sealed interface Clip {
    /** No clip: the unclipped families (relu, relu-tau, st). */
    record None() implements Clip {}

    /** m = m̃·√q*: the clip relative to the standard deviation at the fixed point. */
    record Relative(double relativeClip) implements Clip {}

    /** m given directly, in the units of the pre-activations. */
    record Absolute(double clip) implements Clip {}

    /** The absolute clip m for fixed point q*; +∞ for {@link None}. */
    default double absolute(double qStar) {
        return switch (this) {
            case None n -> Double.POSITIVE_INFINITY;
            case Relative r -> r.relativeClip() * Math.sqrt(qStar);
            case Absolute a -> a.clip();
        };
    }

    /** The value as given (m̃ or m), for messages; +∞ for {@link None}. */
    default double given() {
        return switch (this) {
            case None n -> Double.POSITIVE_INFINITY;
            case Relative r -> r.relativeClip();
            case Absolute a -> a.clip();
        };
    }
}
