package org.sparseeoc.nn;

import java.util.Locale;

/**
 * The distribution of a hidden map's weights at a given per-entry variance w² (which the {@link
 * InitScheme} fixes). Both give the same mean per-entry variance, so the mean-field variance map
 * q_{l+1} = σ_w²·E[φ(z)²] + σ_b² of the edge-of-chaos theory applies to both; they differ in the
 * spectrum of the input–output Jacobian, which for orthogonal weights can be made isometric at the
 * edge of chaos (dynamical isometry: Pennington, Schoenholz &amp; Ganguli 2017; Xiao et al. 2018).
 */
public enum WeightDistribution {
    /** Independent N(0, w²) entries (for a convolution: every tap of every filter). */
    GAUSSIAN,
    /**
     * A scaled Haar-random semi-orthogonal matrix for a dense map; for a convolution the
     * delta-orthogonal kernel of Xiao et al. 2018 (only the centre tap is non-zero and holds a scaled
     * semi-orthogonal channel map). See {@link Initializer#draw}.
     */
    ORTHOGONAL;

    /** The name in specs and on the command line: {@code gaussian} or {@code orthogonal}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
