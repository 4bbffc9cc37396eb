package org.sparseeoc.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.hipparchus.analysis.solvers.BrentSolver;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;

/**
 * The stability verdict for an EoC initialisation: the class of q*, and every other fixed point of
 * V in (0, 200q*].
 *
 * <p>Fixed points are the zeros of D(t) = (V(q) − q)/q on a grid uniform in t = ln q. A sign change
 * between grid points is refined by Brent's method. A saddle-node pair of fixed points can hide
 * between two grid points (that is exactly what happens just above the critical clip), so every
 * local maximum of D that stays below 0 on the grid (and every local minimum above 0) is refined by
 * Brent's optimiser, and if it crosses 0 both roots are found on either side of it. A small
 * neighbourhood |q/q* − 1| ≤ {@value #HOLE} is left out: q* itself is known, and for the
 * semi-stable kinds V − q only touches 0 there.
 */
public final class Stability {
    /** Upper end of the scanned range, in units of q*. */
    public static final double SCAN_MAX = 200.0;

    private static final double SCAN_MIN = 1e-6;
    private static final double HOLE = 1e-3;
    private static final int GRID_PER_SEGMENT = 200;
    private static final double SLOPE_TOLERANCE = 1e-9;
    /** |V(q) − q|/q below this on every grid point means V is the identity (rounding only). */
    private static final double IDENTITY_TOLERANCE = 1e-12;

    private static final BrentSolver SOLVER = new BrentSolver(1e-15, 1e-15);
    private static final BrentOptimizer OPTIMIZER = new BrentOptimizer(1e-12, 1e-14);
    private static final int MAX_EVALUATIONS = 200;

    private Stability() {}

    /** The verdict for {@code init}. */
    public static StabilityVerdict analyse(EocInit init) {
        MeanFieldMaps maps = init.maps();
        double qStar = init.qStar();
        FixedPointClass cls = classify(init.varianceSlope(), init.varianceCurvature(), qStar);
        Segment lower = new Segment(maps, qStar, Math.log(SCAN_MIN * qStar), Math.log((1 - HOLE) * qStar));
        Segment upper = new Segment(maps, qStar, Math.log((1 + HOLE) * qStar), Math.log(SCAN_MAX * qStar));
        if (lower.maxAbsExcess() < IDENTITY_TOLERANCE && upper.maxAbsExcess() < IDENTITY_TOLERANCE) {
            return new StabilityVerdict(cls, List.of(), true);
        }
        List<FixedPoint> extra = new ArrayList<>();
        for (double q : lower.roots()) {
            extra.add(new FixedPoint(q, maps.varianceSlope(q)));
        }
        for (double q : upper.roots()) {
            extra.add(new FixedPoint(q, maps.varianceSlope(q)));
        }
        return new StabilityVerdict(cls, extra, false);
    }

    /** The class of q* from V'(q*) and V''(q*); the slope never exceeds 1 at EoC. */
    public static FixedPointClass classify(double slope, double curvature, double qStar) {
        if (slope < 1 - SLOPE_TOLERANCE) {
            return FixedPointClass.ATTRACTING;
        }
        if (slope > 1 + SLOPE_TOLERANCE) {
            throw new IllegalStateException("V'(q*) = " + slope + " > 1 cannot occur at the edge of chaos");
        }
        return Math.abs(curvature * qStar) > SLOPE_TOLERANCE ? FixedPointClass.SEMI_STABLE : FixedPointClass.MARGINAL;
    }

    /**
     * max over q in [(1 + HOLE)q*, 200q*] of (V(q) − q)/q: positive exactly when fixed points beyond
     * q* exist. Continuous in the activation's parameters, so the critical clip can bisect on it.
     */
    static double maxExcessAbove(MeanFieldMaps maps, double qStar) {
        return new Segment(maps, qStar, Math.log((1 + HOLE) * qStar), Math.log(SCAN_MAX * qStar)).maxExcess();
    }

    /** D(t) = (V(e^t) − e^t)/e^t sampled on a uniform grid in t. */
    private static final class Segment {
        private final DoubleUnaryOperator excess;
        private final double[] t;
        private final double[] d;

        Segment(MeanFieldMaps maps, double qStar, double from, double to) {
            excess = logQ -> {
                double q = Math.exp(logQ);
                return (maps.variance(q) - q) / q;
            };
            t = new double[GRID_PER_SEGMENT];
            d = new double[GRID_PER_SEGMENT];
            for (int i = 0; i < GRID_PER_SEGMENT; i++) {
                t[i] = i == GRID_PER_SEGMENT - 1 ? to : from + (to - from) * i / (GRID_PER_SEGMENT - 1);
                d[i] = excess.applyAsDouble(t[i]);
            }
        }

        double maxAbsExcess() {
            double max = 0;
            for (double v : d) {
                max = Math.max(max, Math.abs(v));
            }
            return max;
        }

        /** All zeros of D, as variances q, ascending. */
        List<Double> roots() {
            List<Double> roots = new ArrayList<>();
            for (int i = 0; i + 1 < t.length; i++) {
                if (d[i] == 0) {
                    roots.add(Math.exp(t[i]));
                } else if (d[i] * d[i + 1] < 0) {
                    roots.add(Math.exp(SOLVER.solve(MAX_EVALUATIONS, excess::applyAsDouble, t[i], t[i + 1])));
                } else if (i > 0 && isHiddenPair(i)) {
                    GoalType goal = d[i] < 0 ? GoalType.MAXIMIZE : GoalType.MINIMIZE;
                    double peak = extremum(i, goal);
                    if (excess.applyAsDouble(peak) * d[i] < 0) {
                        roots.add(Math.exp(SOLVER.solve(MAX_EVALUATIONS, excess::applyAsDouble, t[i - 1], peak)));
                        roots.add(Math.exp(SOLVER.solve(MAX_EVALUATIONS, excess::applyAsDouble, peak, t[i + 1])));
                    }
                }
            }
            if (d[t.length - 1] == 0) {
                roots.add(Math.exp(t[t.length - 1]));
            }
            return roots;
        }

        /** Grid point i is a local extremum of D on the side of 0 away from its neighbours' sign. */
        private boolean isHiddenPair(int i) {
            boolean sameSign = d[i - 1] * d[i] > 0 && d[i] * d[i + 1] > 0;
            boolean localMax = d[i] >= d[i - 1] && d[i] >= d[i + 1];
            boolean localMin = d[i] <= d[i - 1] && d[i] <= d[i + 1];
            return sameSign && ((d[i] < 0 && localMax) || (d[i] > 0 && localMin));
        }

        /** max of D, refined around the best grid point. */
        double maxExcess() {
            int best = 0;
            for (int i = 1; i < d.length; i++) {
                if (d[i] > d[best]) {
                    best = i;
                }
            }
            if (best == 0 || best == d.length - 1) {
                return d[best];
            }
            return Math.max(d[best], excess.applyAsDouble(extremum(best, GoalType.MAXIMIZE)));
        }

        /** t of the extremum of D between grid points i − 1 and i + 1. */
        private double extremum(int i, GoalType goal) {
            return OPTIMIZER
                    .optimize(
                            new MaxEval(MAX_EVALUATIONS),
                            new UnivariateObjectiveFunction(excess::applyAsDouble),
                            goal,
                            new SearchInterval(t[i - 1], t[i + 1], t[i]))
                    .getPoint();
        }
    }
}
