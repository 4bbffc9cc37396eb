package org.sparseeoc.math;

import org.hipparchus.special.Erf;

/**
 * The standard normal distribution Z ~ N(0,1): density p, CDF Φ, upper tail Φ̄ = 1 − Φ, interval
 * mass and quantile Φ⁻¹. Measured against a 400-digit reference (GaussianTest): relative error of
 * Φ and Φ̄ below 1e-15 for |x| ≤ 5 and 2e-15 beyond, to the end of the double range; p within 8e-16; Φ⁻¹ within an ulp or two of the
 * exact root.
 *
 * <p>Where each piece comes from, and why:
 *
 * <ul>
 *   <li>|x| &lt; 0.5, and x ≤ −0.5 (where Φ̄ ≥ 1/2): Hipparchus' erfc, Φ̄(x) = erfc(x/√2)/2.
 *   <li>0.5 ≤ x ≤ {@value #TAIL_START}: Φ̄(node) + ∫_x^node p, with Φ̄ at nodes every 0.5 chained down
 *       from the tail value at {@value #TAIL_START} (Hipparchus' erfc forms 1 − P below √3 and
 *       loses a digit where Φ̄ is small).
 *   <li>|x| &gt; {@value #TAIL_START}: Φ̄(x) = p(x)·M(x) with the Mills ratio M from its continued
 *       fraction M(x) = 1/(x + 1/(x + 2/(x + 3/(x + …)))) (modified Lentz), and p(x) evaluated with
 *       x split into a short high part so that exp(−x²/2) does not inherit the rounding error of x²
 *       (that error alone would be x²·2⁻⁵³ relative, 1e-13 at x = 30).
 *   <li>Φ⁻¹: a starting point (Hipparchus' erfInv in the centre, the leading asymptotic terms in the
 *       tails) refined by Halley steps on Φ(x) − p, which converge cubically to the root of the
 *       accurate Φ above; the lower tail is always solved directly so no precision is lost to 1 − p.
 * </ul>
 */
public final class Gaussian {
    /** 1/√(2π). */
    public static final double INV_SQRT_2PI = 0.398942280401432677939946059934;

    private static final double SQRT_HALF = 0.707106781186547524400844362105;
    private static final double TAIL_START = 5.0;
    // On [QUADRATURE_START, TAIL_START], Φ̄ comes from Φ̄ at grid nodes TAIL_START − j·STEP, built
    // once by chaining K15 integrals of p down from the continued-fraction value at TAIL_START. A
    // K15 rule over half a unit is exact to ~1e-19 for the entire function p.
    private static final double QUADRATURE_START = 0.5;
    private static final double QUADRATURE_STEP = 0.5;
    private static final double[] UPPER_TAIL_AT_NODE = upperTailNodes();
    private static final double LENTZ_TINY = 1e-300;
    private static final int MAX_HALLEY_STEPS = 8;

    private Gaussian() {}

    /** Density p(x) = exp(−x²/2)/√(2π), with x² split to keep full relative accuracy in the tails. */
    public static double pdf(double x) {
        double ax = Math.abs(x);
        if (ax > 40) {
            return 0.0; // below the smallest subnormal
        }
        // x = hi + lo with hi a multiple of 1/16, so hi² is exact: x² = hi² + lo·(x + hi).
        double hi = Math.floor(ax * 16.0) / 16.0;
        double lo = ax - hi;
        return INV_SQRT_2PI * Math.exp(-0.5 * hi * hi) * Math.exp(-0.5 * lo * (ax + hi));
    }

    /** Φ(x) = P(Z ≤ x). */
    public static double cdf(double x) {
        return upperTail(-x);
    }

    /** Φ̄(x) = P(Z &gt; x) = 1 − Φ(x), computed directly (no cancellation for large x). */
    public static double upperTail(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? 0.0 : 1.0;
        }
        if (x > TAIL_START) {
            return pdf(x) * millsRatio(x);
        }
        if (x >= QUADRATURE_START) {
            // Hipparchus' erfc(x/√2) cancels (1 − P) for x < √3 and is only ~4e-15 above it; here
            // Φ̄(x) = Φ̄(node) + ∫_x^node p with node the next grid point above x: positive terms only.
            int j = (int) ((TAIL_START - x) / QUADRATURE_STEP); // node TAIL_START − j·STEP ≥ x
            double node = TAIL_START - j * QUADRATURE_STEP;
            return UPPER_TAIL_AT_NODE[j] + GaussKronrod.kronrod15(Gaussian::pdf, x, node);
        }
        if (x < -TAIL_START) {
            return 1.0 - pdf(x) * millsRatio(-x);
        }
        return 0.5 * Erf.erfc(x * SQRT_HALF);
    }

    /** P(a &lt; Z &lt; b) for a ≤ b (either may be infinite), taken from the tail where it is small. */
    public static double mass(double a, double b) {
        if (!(a <= b)) {
            throw new IllegalArgumentException("mass needs a <= b, got a=" + a + ", b=" + b);
        }
        if (a >= 0) {
            return upperTail(a) - upperTail(b);
        }
        if (b <= 0) {
            return cdf(b) - cdf(a);
        }
        return 1.0 - cdf(a) - upperTail(b);
    }

    /** Φ⁻¹(p) for p in [0, 1]; ±∞ at the ends. */
    public static double quantile(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile needs p in [0, 1], got " + p);
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        // 1 − p is exact for p ≥ 0.5 (Sterbenz), so the upper half maps onto the lower tail losslessly.
        return p <= 0.5 ? lowerQuantile(p) : -lowerQuantile(1.0 - p);
    }

    /** Φ⁻¹(p) for p in (0, 0.5]: start, then Halley steps on f(x) = Φ(x) − p. */
    private static double lowerQuantile(double p) {
        double x = p > 1e-8 ? Erf.erfInv(2.0 * p - 1.0) / SQRT_HALF : asymptoticLowerQuantile(p);
        for (int step = 0; step < MAX_HALLEY_STEPS; step++) {
            double density = pdf(x);
            if (density == 0) {
                break;
            }
            // Halley for Φ: u = (Φ(x) − p)/p(x); x ← x − u/(1 + x·u/2) (since p'(x) = −x p(x)).
            double u = (cdf(x) - p) / density;
            double next = x - u / (1.0 + 0.5 * x * u);
            if (Math.abs(next - x) <= 1e-16 * Math.abs(next)) {
                return next;
            }
            x = next;
        }
        return x;
    }

    /** Leading terms of Φ⁻¹(p) as p → 0: −√(t − ln t − ln 2π) with t = −2 ln p. */
    private static double asymptoticLowerQuantile(double p) {
        double t = -2.0 * Math.log(p);
        return -Math.sqrt(t - Math.log(t) - Math.log(2.0 * Math.PI));
    }

    /** Φ̄ at TAIL_START − j·QUADRATURE_STEP for j = 0 … down to QUADRATURE_START. */
    private static double[] upperTailNodes() {
        int n = (int) Math.round((TAIL_START - QUADRATURE_START) / QUADRATURE_STEP) + 1;
        double[] upper = new double[n];
        upper[0] = pdf(TAIL_START) * millsRatio(TAIL_START);
        for (int j = 1; j < n; j++) {
            double hi = TAIL_START - (j - 1) * QUADRATURE_STEP;
            double lo = TAIL_START - j * QUADRATURE_STEP;
            upper[j] = upper[j - 1] + GaussKronrod.kronrod15(Gaussian::pdf, lo, hi);
        }
        return upper;
    }

    /** Mills ratio Φ̄(x)/p(x) for x ≥ TAIL_START, by the modified Lentz algorithm. */
    private static double millsRatio(double x) {
        // M(x) = 1/(x + 1/(x + 2/(x + 3/(x + ...)))): continued fraction b0 + a1/(b1 + a2/(b2 + ...))
        // with b_k = x and a_k = k, then M = 1/f.
        double f = x;
        double c = x;
        double d = 0.0;
        for (int k = 1; k < 500; k++) {
            d = x + k * d;
            d = d == 0 ? LENTZ_TINY : d;
            c = x + k / c;
            c = c == 0 ? LENTZ_TINY : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-17) {
                break;
            }
        }
        return 1.0 / f;
    }
}
