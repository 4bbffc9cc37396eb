package org.sparseeoc.nn;

import java.util.Locale;

/** The distribution of hidden weights at a given per-entry variance. */
public enum WeightDistribution {
    /** Independent N(0, w²) entries (every tap of a convolution). */
    GAUSSIAN,
    /** Scaled semi-orthogonal matrices; for a convolution the delta-orthogonal init. */
    ORTHOGONAL;

    /** The name in specs, e.g. {@code gaussian}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
