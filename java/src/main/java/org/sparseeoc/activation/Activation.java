package org.sparseeoc.activation;

/**
 * A sparsifying activation φ with threshold τ ≥ 0 and clip m (m = +∞ when unclipped).
 *
 * <p>Every member is built from the one-sided profile g(x) = min(max(x − τ, 0), m): the ReLU family
 * is φ = g, the soft-threshold family is φ(x) = sign(x)·g(|x|). Values, derivatives and Gaussian
 * moments all follow from g, so the closed forms live in one place ({@link OneSidedProfile}) and the
 * records here only carry and validate parameters.
 *
 * <p>Gaussian moments take the pre-activation variance q: the pre-activation is √q·Z, Z ~ N(0,1).
 */
public sealed interface Activation permits Relu, ShiftedRelu, SoftThreshold, ClippedRelu, ClippedSoftThreshold {

    /** The family of this activation. */
    default ActivationKind kind() {
        return switch (this) {
            case Relu r -> ActivationKind.RELU;
            case ShiftedRelu r -> ActivationKind.RELU_TAU;
            case SoftThreshold s -> ActivationKind.ST;
            case ClippedRelu c -> ActivationKind.CRELU;
            case ClippedSoftThreshold c -> ActivationKind.CST;
        };
    }

    /** τ: inputs with (|x| for odd kinds) x ≤ τ give exactly 0. */
    default double threshold() {
        return switch (this) {
            case Relu r -> 0.0;
            case ShiftedRelu r -> r.tau();
            case SoftThreshold s -> s.tau();
            case ClippedRelu c -> c.tau();
            case ClippedSoftThreshold c -> c.tau();
        };
    }

    /** m: the largest output magnitude; +∞ for the unclipped kinds. */
    default double clip() {
        return switch (this) {
            case Relu r -> Double.POSITIVE_INFINITY;
            case ShiftedRelu r -> Double.POSITIVE_INFINITY;
            case SoftThreshold s -> Double.POSITIVE_INFINITY;
            case ClippedRelu c -> c.clip();
            case ClippedSoftThreshold c -> c.clip();
        };
    }

    /** φ(x). Exact zeros are returned as +0.0. */
    default double apply(double x) {
        OneSidedProfile g = profile();
        if (!kind().odd()) {
            return g.value(x);
        }
        double magnitude = g.value(Math.abs(x));
        return magnitude == 0 ? 0.0 : Math.copySign(magnitude, x);
    }

    /** φ'(x), taken as 0 at every kink (τ, τ + m, and their negatives for odd kinds). */
    default double derivative(double x) {
        return profile().derivative(kind().odd() ? Math.abs(x) : x);
    }

    /** True exactly when φ(x) = 0, i.e. x lies in {@link #zeroSet()}. */
    default boolean isExactZero(double x) {
        return zeroSet().contains(x);
    }

    /** The closed interval of inputs mapped to exactly 0: (−∞, τ] or [−τ, τ]. */
    default ZeroSet zeroSet() {
        double tau = threshold();
        return new ZeroSet(kind().odd() ? -tau : Double.NEGATIVE_INFINITY, tau);
    }

    /** The points where φ or φ' is discontinuous, ascending (quadrature breakpoints). */
    default double[] kinks() {
        double tau = threshold();
        double outer = tau + clip();
        boolean clipped = kind().clipped();
        if (!kind().odd()) {
            return clipped ? new double[] {tau, outer} : new double[] {tau};
        }
        return clipped ? new double[] {-outer, -tau, tau, outer} : new double[] {-tau, tau};
    }

    /** E[φ(√qZ)²]. */
    default double secondMoment(double q) {
        return sides() * profile().secondMoment(q);
    }

    /** E[φ'(√qZ)²] = P(φ'(√qZ) = 1). */
    default double derivativeSecondMoment(double q) {
        return sides() * profile().derivativeSecondMoment(q);
    }

    /** d/dq E[φ(√qZ)²] (τ, m fixed). */
    default double secondMomentDq(double q) {
        return sides() * profile().secondMomentDq(q);
    }

    /** d²/dq² E[φ(√qZ)²] (τ, m fixed). */
    default double secondMomentDq2(double q) {
        return sides() * profile().secondMomentDq2(q);
    }

    /** E[φ(Y)] for Y ~ N(μ, σ²); for odd kinds E[g(Y)] − E[g(−Y)]. */
    default double mean(double mu, double sigma) {
        OneSidedProfile g = profile();
        return kind().odd() ? g.mean(mu, sigma) - g.mean(-mu, sigma) : g.mean(mu, sigma);
    }

    /** P(φ(√qZ) = 0): Φ(τ/√q), or 2Φ(τ/√q) − 1 for odd kinds. */
    default double zeroProbability(double q) {
        OneSidedProfile g = profile();
        return kind().odd() ? 1.0 - 2.0 * g.activeProbability(q) : g.zeroProbability(q);
    }

    /** P(|φ(√qZ)| = m): the fraction of units in the clipped region (0 when unclipped). */
    default double clippedProbability(double q) {
        return sides() * profile().clippedProbability(q);
    }

    /** A short human-readable form, e.g. {@code crelu(tau=1.036433, m=1)}. */
    default String describe() {
        return switch (this) {
            case Relu r -> "relu";
            case ShiftedRelu r -> "relu-tau(tau=%.6g)".formatted(r.tau());
            case SoftThreshold s -> "st(tau=%.6g)".formatted(s.tau());
            case ClippedRelu c -> "crelu(tau=%.6g, m=%.6g)".formatted(c.tau(), c.clip());
            case ClippedSoftThreshold c -> "cst(tau=%.6g, m=%.6g)".formatted(c.tau(), c.clip());
        };
    }

    private int sides() {
        return kind().odd() ? 2 : 1;
    }

    private OneSidedProfile profile() {
        return new OneSidedProfile(threshold(), clip());
    }
}
