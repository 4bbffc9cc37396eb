package org.sparseeoc.theory;

import org.sparseeoc.activation.ActivationKind;

/**
 * What to initialise at the edge of chaos: an activation family, the target fraction s of exact
 * zeros at the fixed point, the clip (for crelu/cst only) and the fixed-point variance q*.
 * Validated on construction; each error names its field.
 *
 * @param kind activation family
 * @param sparsity target s in (0, 1): P(φ(√q*·Z) = 0); plain relu has s = 1/2 and nothing else
 * @param clip the clip, required exactly for the clipped families
 * @param qStar fixed-point variance q* &gt; 0 (default 1)
 */
public record EocRequest(ActivationKind kind, double sparsity, Clip clip, double qStar) {
    public static final double DEFAULT_QSTAR = 1.0;

    public EocRequest {
        if (kind == null) {
            throw new InvalidRequestException("activation", "missing; expected one of " + ActivationKind.names());
        }
        if (!(sparsity > 0 && sparsity < 1)) {
            throw new InvalidRequestException("sparsity", "s must lie strictly between 0 and 1, got " + sparsity);
        }
        if (kind == ActivationKind.RELU && sparsity != 0.5) {
            throw new InvalidRequestException(
                    "sparsity",
                    "relu has sparsity 0.5 at every variance, got " + sparsity + "; use relu-tau for another s");
        }
        if (!kind.odd() && kind != ActivationKind.RELU && sparsity < 0.5) {
            throw new InvalidRequestException(
                    "sparsity",
                    kind.cliName() + " needs s >= 0.5, got " + sparsity
                            + ": a lower s needs a negative threshold and gives sigma_b^2 < 0; use st/cst for s < 0.5");
        }
        if (!(qStar > 0 && Double.isFinite(qStar))) {
            throw new InvalidRequestException("qstar", "q* must be finite and > 0, got " + qStar);
        }
        if (clip == null) {
            clip = new Clip.None();
        }
        if (kind.clipped() && clip instanceof Clip.None) {
            throw new InvalidRequestException("clip", kind.cliName() + " needs a clip (e.g. --clip 1.0)");
        }
        if (!kind.clipped() && !(clip instanceof Clip.None)) {
            throw new InvalidRequestException(
                    "clip", kind.cliName() + " takes no clip (got " + clip.given() + "); clips are for crelu and cst");
        }
        double m = clip.given();
        if (kind.clipped() && !(m > 0 && Double.isFinite(m))) {
            throw new InvalidRequestException("clip", "the clip must be finite and > 0, got " + m);
        }
    }

    /** The request with the default q* = 1. */
    public static EocRequest of(ActivationKind kind, double sparsity, Clip clip) {
        return new EocRequest(kind, sparsity, clip, DEFAULT_QSTAR);
    }
}
