package org.sparseeoc.theory;

import org.sparseeoc.activation.ActivationKind;

/**
 * The critical clip m̃_c(s) of a clipped family: the relative clip above which the EoC variance map
 * has a second, larger stable fixed point in (q*, 200q*] (a saddle-node bifurcation), so that deep
 * nets can drift away from q* and lose the target sparsity.
 *
 * <p>Method: at a fixed s, f(m̃) = max_{q ∈ [(1+10⁻³)q*, 200q*]} (V(q) − q)/q is negative below m̃_c
 * and positive above it. Bracket by doubling/halving from m̃ = 1, then bisect to relative width
 * {@value #RELATIVE_PRECISION}. Only (s, m̃) matter (V(cq)/c is scale-free), so q* = 1 is used.
 */
public final class CriticalClip {
    /** Relative width of the final bisection bracket. */
    public static final double RELATIVE_PRECISION = 1e-10;

    /** Clips are searched in [1/{@value #SEARCH_LIMIT}, {@value #SEARCH_LIMIT}]. */
    public static final double SEARCH_LIMIT = 1024.0;

    private CriticalClip() {}

    /**
     * m̃_c for a clipped family at sparsity s; +∞ when no second fixed point appears for any clip up
     * to {@value #SEARCH_LIMIT}.
     *
     * @throws InvalidRequestException when the family is unclipped or s is invalid for it
     */
    public static double find(ActivationKind kind, double sparsity) {
        if (!kind.clipped()) {
            throw new InvalidRequestException(
                    "activation", kind.cliName() + " has no clip, so no critical clip; use crelu or cst");
        }
        EocSolver.solve(EocRequest.of(kind, sparsity, new Clip.Relative(1.0))); // validates s
        double lo = 1.0;
        double hi = 1.0;
        if (excess(kind, sparsity, 1.0) > 0) {
            while (excess(kind, sparsity, lo) > 0) {
                if (lo < 1.0 / SEARCH_LIMIT) {
                    throw new IllegalStateException("a second fixed point exists for every clip down to " + lo);
                }
                hi = lo;
                lo /= 2;
            }
        } else {
            while (excess(kind, sparsity, hi) <= 0) {
                if (hi > SEARCH_LIMIT) {
                    return Double.POSITIVE_INFINITY;
                }
                lo = hi;
                hi *= 2;
            }
        }
        while (hi - lo > RELATIVE_PRECISION * hi) {
            double mid = 0.5 * (lo + hi);
            if (excess(kind, sparsity, mid) > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** m̃_c and the recommended clip (rule: {@link ClipAdvice}) for a clipped family at sparsity s. */
    public static ClipAdvice advise(ActivationKind kind, double sparsity) {
        double critical = find(kind, sparsity);
        return new ClipAdvice(critical, Math.min(0.5 * critical, clipAtSlope(kind, sparsity, ClipAdvice.MAX_SLOPE)));
    }

    /**
     * The relative clip at which V'(q*) equals {@code slope} in (0, 1). V'(q*) = 1 − kσ_w²m̃·p(a + m̃)
     * rises monotonically from 0 (m̃ → 0) to 1 (m̃ → ∞), so bisection applies.
     */
    static double clipAtSlope(ActivationKind kind, double sparsity, double slope) {
        double lo = 0;
        double hi = 1;
        while (slopeAt(kind, sparsity, hi) < slope) {
            lo = hi;
            hi *= 2;
        }
        while (hi - lo > RELATIVE_PRECISION * hi) {
            double mid = 0.5 * (lo + hi);
            if (slopeAt(kind, sparsity, mid) < slope) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double slopeAt(ActivationKind kind, double sparsity, double relativeClip) {
        return EocSolver.solve(EocRequest.of(kind, sparsity, new Clip.Relative(relativeClip)))
                .varianceSlope();
    }

    private static double excess(ActivationKind kind, double sparsity, double relativeClip) {
        EocInit init = EocSolver.solve(EocRequest.of(kind, sparsity, new Clip.Relative(relativeClip)));
        return Stability.maxExcessAbove(init.maps(), init.qStar());
    }
}
