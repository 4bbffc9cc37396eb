package org.sparseeoc.theory;

/**
 * The critical clip of a clipped family at a sparsity, and the clip this project recommends.
 *
 * <p>Rule: m̃_rec = min(m̃_c/2, m̃_0.9), where m̃_0.9 is the clip at which V'(q*) = 0.9. Why:
 *
 * <ul>
 *   <li>Below m̃_c, q* is the only fixed point in (0, 200q*]; halving m̃_c keeps a factor-2 margin
 *       against the saddle-node bifurcation, whose position shifts with s, with the data's scale
 *       against q*, and with finite-width fluctuations of the effective map. Near m̃_c the map also
 *       has a bottleneck ("ghost" of the fixed-point pair) where large variances linger for many
 *       layers before returning.
 *   <li>A smaller clip returns variance perturbations faster (V'(q*) falls towards 0 as m̃ → 0)
 *       but saturates more units and raises σ_w² and R(0); so the clip is taken as large as the
 *       margin allows, not smaller.
 *   <li>m̃_0.9 caps the rule where m̃_c is huge or infinite (CReLU near s = 1/2): V'(q*) ≤ 0.9 keeps
 *       ξ_q ≤ 9.5 layers, so a perturbation still decays within about ten layers.
 * </ul>
 *
 * @param criticalClip m̃_c (+∞ when no bifurcation occurs up to {@link CriticalClip#SEARCH_LIMIT})
 * @param recommendedClip m̃_rec, always finite and below m̃_c
 */
public record ClipAdvice(double criticalClip, double recommendedClip) {
    /** V'(q*) at the largest clip the rule allows regardless of m̃_c. */
    public static final double MAX_SLOPE = 0.9;

    /** One line stating the rule, for reports and provenance. */
    public static final String RULE = "m_rec = min(m_c/2, clip where V'(q*) = 0.9)";
}
