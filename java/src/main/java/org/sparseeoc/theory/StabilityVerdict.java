package org.sparseeoc.theory;

import java.util.List;

/**
 * What the variance map does around and away from q*.
 *
 * @param qStarClass how q* attracts (from V'(q*) and V''(q*))
 * @param extraFixedPoints fixed points of V other than q* in (0, 200q*], ascending; empty when V is
 *     the identity map (see {@code identityMap})
 * @param identityMap true when V(q) = q on the whole scanned range (plain relu at EoC): every q is
 *     a fixed point and none is singled out
 */
public record StabilityVerdict(FixedPointClass qStarClass, List<FixedPoint> extraFixedPoints, boolean identityMap) {
    public StabilityVerdict {
        extraFixedPoints = List.copyOf(extraFixedPoints);
    }

    /** True when a stable fixed point other than q* exists: deep nets may settle there instead. */
    public boolean hasExtraStableFixedPoint() {
        return extraFixedPoints.stream().anyMatch(FixedPoint::stable);
    }
}
