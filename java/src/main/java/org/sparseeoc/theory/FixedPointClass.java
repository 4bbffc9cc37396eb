package org.sparseeoc.theory;

/** How the variance map behaves near its fixed point q*. */
public enum FixedPointClass {
    /** V'(q*) &lt; 1: perturbations of either sign shrink geometrically (clipped activations). */
    ATTRACTING,
    /**
     * V'(q*) = 1 with V''(q*) ≠ 0: attracting from one side only. With V'' &gt; 0 (relu-tau, st)
     * variances below q* return, variances above it grow without bound.
     */
    SEMI_STABLE,
    /** V'(q*) = 1 and V''(q*) = 0: perturbations neither grow nor shrink (plain relu: V(q) = q). */
    MARGINAL
}
