package org.sparseeoc.math;

import java.util.PriorityQueue;
import java.util.function.DoubleUnaryOperator;

/**
 * Adaptive Gauss–Kronrod quadrature (the 7-point Gauss rule embedded in the 15-point Kronrod rule,
 * as in QUADPACK's QK15), with caller-given breakpoints.
 *
 * <p>The integrands of the theory engine are piecewise smooth: Gaussian moments of activations that
 * have kinks. A rule applied across a kink converges only slowly, so callers split the range at the
 * kinks they know; inside each piece the integrand is analytic and K15 is exact to degree 22. The
 * interval with the largest error estimate |K15 − G7| is bisected until the summed estimate falls
 * below max(absTol, relTol·|I|). Infinite ends are not supported: Gaussian integrands are cut at
 * |z| = {@link #GAUSSIAN_CUTOFF}, where the density is below 1e-300.
 */
public final class GaussKronrod {
    /** |z| beyond which the standard normal density is below 1e-300 and contributes nothing. */
    public static final double GAUSSIAN_CUTOFF = 37.5;

    // Kronrod abscissae on [-1, 1] (positive half; index 7 is the centre) and weights; the Gauss
    // points are the odd indices 1, 3, 5 and the centre 7.
    private static final double[] XK = {
        0.991455371120812639206854697526329,
        0.949107912342758524526189684047851,
        0.864864423359769072789712788640926,
        0.741531185599394439863864773280788,
        0.586087235467691130294144845693013,
        0.405845151377397166906606412076961,
        0.207784955007898467600689403773245,
        0.0
    };
    private static final double[] WK = {
        0.022935322010529224963732008058970,
        0.063092092629978553290700663189204,
        0.104790010322250183839876322541518,
        0.140653259715525918745189590510238,
        0.169004726639267902826583426598550,
        0.190350578064785409913256402421014,
        0.204432940075298892414161999234649,
        0.209482141084727828012999174891714
    };
    private static final double[] WG = {
        0.129484966168869693270611432679082,
        0.279705391489276667901467771423780,
        0.381830050505118944950369775488975,
        0.417959183673469387755102040816327
    };

    private final double absTol;
    private final double relTol;
    private final int maxIntervals;

    /**
     * @param absTol absolute error target (≥ 0)
     * @param relTol relative error target (≥ 0; one of the two must be positive)
     * @param maxIntervals bisection budget; exceeding it throws rather than returning a poor value
     */
    public GaussKronrod(double absTol, double relTol, int maxIntervals) {
        if (!(absTol >= 0 && relTol >= 0 && absTol + relTol > 0) || maxIntervals < 1) {
            throw new IllegalArgumentException("need absTol, relTol >= 0 (not both 0) and maxIntervals >= 1, got "
                    + absTol + ", " + relTol + ", " + maxIntervals);
        }
        this.absTol = absTol;
        this.relTol = relTol;
        this.maxIntervals = maxIntervals;
    }

    /** An integral value and its estimated absolute error. */
    public record Result(double value, double error) {}

    private record Piece(double a, double b, double value, double error) {}

    /**
     * ∫ f over [breakpoints[0], breakpoints[last]], starting from the pieces between consecutive
     * breakpoints (which must be finite and non-decreasing; empty pieces are skipped).
     */
    public Result integrate(DoubleUnaryOperator f, double... breakpoints) {
        if (breakpoints.length < 2) {
            throw new IllegalArgumentException("need at least two breakpoints");
        }
        PriorityQueue<Piece> pieces = new PriorityQueue<>((x, y) -> Double.compare(y.error, x.error));
        double value = 0;
        double error = 0;
        for (int i = 0; i + 1 < breakpoints.length; i++) {
            double a = breakpoints[i];
            double b = breakpoints[i + 1];
            if (!(Double.isFinite(a) && Double.isFinite(b) && a <= b)) {
                throw new IllegalArgumentException(
                        "breakpoints must be finite and non-decreasing, got " + a + " then " + b);
            }
            if (a < b) {
                Piece piece = rule(f, a, b);
                pieces.add(piece);
                value += piece.value;
                error += piece.error;
            }
        }
        int intervals = pieces.size();
        while (error > Math.max(absTol, relTol * Math.abs(value))) {
            if (intervals >= maxIntervals) {
                throw new IllegalStateException("Gauss-Kronrod did not reach the tolerance in " + maxIntervals
                        + " intervals (estimate " + value + " +- " + error + ")");
            }
            Piece worst = pieces.poll();
            double mid = 0.5 * (worst.a + worst.b);
            if (!(worst.a < mid && mid < worst.b)) {
                pieces.add(worst);
                break; // interval no longer splittable in double precision: accept the estimate
            }
            Piece left = rule(f, worst.a, mid);
            Piece right = rule(f, mid, worst.b);
            pieces.add(left);
            pieces.add(right);
            intervals++;
            value = 0;
            error = 0;
            for (Piece p : pieces) { // re-sum to avoid drift from repeated subtraction
                value += p.value;
                error += p.error;
            }
        }
        return new Result(value, error);
    }

    /** The 15-point Kronrod value of ∫_a^b f, without adaptivity (for integrands known to be smooth). */
    static double kronrod15(DoubleUnaryOperator f, double a, double b) {
        return rule(f, a, b).value;
    }

    private static Piece rule(DoubleUnaryOperator f, double a, double b) {
        double centre = 0.5 * (a + b);
        double half = 0.5 * (b - a);
        double fc = f.applyAsDouble(centre);
        double kronrod = WK[7] * fc;
        double gauss = WG[3] * fc;
        for (int j = 0; j < 7; j++) {
            double dx = half * XK[j];
            double sum = f.applyAsDouble(centre - dx) + f.applyAsDouble(centre + dx);
            kronrod += WK[j] * sum;
            if (j % 2 == 1) {
                gauss += WG[j / 2] * sum;
            }
        }
        kronrod *= half;
        gauss *= half;
        // Plain |K − G| is a strong overestimate for smooth pieces; keep it (safe) but floor it at
        // the rounding level of the sum so that converged pieces stop being split.
        double error = Math.max(Math.abs(kronrod - gauss), 50 * Math.ulp(Math.abs(kronrod)));
        return new Piece(a, b, kronrod, error);
    }
}
