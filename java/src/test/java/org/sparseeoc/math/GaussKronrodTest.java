package org.sparseeoc.math;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.sparseeoc.testing.Tolerance;

class GaussKronrodTest {
    /** A single K15 application: the budget of one interval and a tolerance that is always met. */
    private static final GaussKronrod SINGLE_RULE = new GaussKronrod(Double.MAX_VALUE, 0, 1);

    // ---------------------------------------------------------------------------------------------
    // Degree of exactness and the error estimate on one piece

    @Test
    void singleK15IsExactForPolynomialsUpToDegree22() {
        for (int d = 0; d <= 22; d++) {
            int degree = d;
            // On [0.5, 2] the integrand is positive, so there is no cancellation: the only errors are
            // the rounding of the 15 nodes (moving x^d by up to d·2^-53 relative), of pow (1 ulp), of
            // the weights and of the sum, about (d + 4)·2^-52 in all.
            GaussKronrod.Result r = SINGLE_RULE.integrate(x -> Math.pow(x, degree), 0.5, 2.0);
            Tolerance.rel((degree + 4) * 0x1p-52)
                    .check("K15 of x^" + degree + " on [0.5, 2]", exactPowerIntegral(degree, 0.5, 2.0), r.value());
            // On [-1, 1] the top coefficient in the rule's own variable is 1, so this is where a
            // missing degree would show (odd degrees integrate to 0 by symmetry of the nodes).
            if (degree % 2 == 0) {
                GaussKronrod.Result centred = SINGLE_RULE.integrate(x -> Math.pow(x, degree), -1, 1);
                Tolerance.rel((degree + 4) * 0x1p-52)
                        .check("K15 of x^" + degree + " on [-1, 1]", 2.0 / (degree + 1), centred.value());
            }
        }
    }

    @Test
    void degree22IsSharp() {
        // x^23 is odd, so the first degree K15 gets wrong on [-1, 1] is 24: there it is off by 7e-8
        // relative, eight orders of magnitude above the rounding level of the previous test.
        GaussKronrod.Result r = SINGLE_RULE.integrate(x -> Math.pow(x, 24), -1, 1);
        double exact = 2.0 / 25;
        assertTrue(
                Math.abs(r.value() - exact) > 1e-8 * exact,
                "K15 of x^24 unexpectedly exact: " + r.value() + " vs " + exact);
    }

    @Test
    void errorEstimateIsRoundingFloorWhileG7IsExact() {
        // Up to degree 13 the embedded 7-point Gauss rule is exact too, so |K15 − G7| is rounding noise
        // and the estimate is the documented floor 50·ulp(|K15|), exactly.
        for (int d = 0; d <= 13; d++) {
            int degree = d;
            GaussKronrod.Result r = SINGLE_RULE.integrate(x -> Math.pow(x, degree), 0.5, 2.0);
            Tolerance.abs(0).check("estimate for x^" + degree, 50 * Math.ulp(Math.abs(r.value())), r.error());
        }
    }

    @Test
    void errorEstimateIsConservativeBeyondGaussDegree() {
        // Degrees 14..22: G7 is no longer exact, so |K15 − G7| is large, while K15 itself still is exact;
        // the estimate must exceed both the floor and the actual error.
        for (int d = 14; d <= 22; d++) {
            int degree = d;
            GaussKronrod.Result r = SINGLE_RULE.integrate(x -> Math.pow(x, degree), 0.5, 2.0);
            double actual = Math.abs(r.value() - exactPowerIntegral(degree, 0.5, 2.0));
            assertTrue(
                    r.error() > 50 * Math.ulp(Math.abs(r.value())) && r.error() > 1e3 * actual,
                    "x^" + degree + ": estimate " + r.error() + ", actual error " + actual);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Adaptive integration of functions with known integrals

    private record Case(String name, DoubleUnaryOperator f, double exact, double[] breakpoints) {}

    private static Case[] smoothCases() {
        double cutoff = GaussKronrod.GAUSSIAN_CUTOFF;
        double c = 1.0 / 3.0;
        return new Case[] {
            new Case("exp on [0,1]", Math::exp, Math.expm1(1), new double[] {0, 1}),
            new Case("cos on [0,pi/2]", Math::cos, Math.sin(Math.PI / 2), new double[] {0, Math.PI / 2}),
            new Case("1/(1+x^2) on [0,1]", x -> 1 / (1 + x * x), Math.PI / 4, new double[] {0, 1}),
            new Case("sqrt on [0,1] (endpoint singularity)", Math::sqrt, 2.0 / 3.0, new double[] {0, 1}),
            new Case("narrow peak 1/(1e-4+x^2) on [-1,1]", x -> 1 / (1e-4 + x * x), 200 * Math.atan(100), new double[] {
                -1, 1
            }),
            new Case("pdf on +-cutoff", Gaussian::pdf, 1.0, new double[] {-cutoff, cutoff}),
            new Case("pdf on +-cutoff split at 0", Gaussian::pdf, 1.0, new double[] {-cutoff, 0, cutoff}),
            new Case("z^2 pdf on +-cutoff", z -> z * z * Gaussian.pdf(z), 1.0, new double[] {-cutoff, 0, cutoff}),
            new Case("|x| on [-1,2] split at the kink", Math::abs, 2.5, new double[] {-1, 0, 2}),
            new Case(
                    "|x-1/3| on [-1,2] split at the kink",
                    x -> Math.abs(x - c),
                    0.5 * ((1 + c) * (1 + c) + (2 - c) * (2 - c)),
                    new double[] {-1, c, 2}),
            new Case("|x| on [-1,2] without the kink", Math::abs, 2.5, new double[] {-1, 2}),
            new Case(
                    "max(x-0.3,0)^2 pdf, kink at 0.3",
                    z -> z > 0.3 ? (z - 0.3) * (z - 0.3) * Gaussian.pdf(z) : 0,
                    // (1 + a²)Φ̄(a) − a·p(a) at a = 0.3 (the ReLU_τ second moment)
                    1.09 * Gaussian.upperTail(0.3) - 0.3 * Gaussian.pdf(0.3),
                    new double[] {-cutoff, 0.3, cutoff}),
        };
    }

    @Test
    void adaptiveIntegralsMeetTheRequestedTolerance() {
        double relTol = 1e-13;
        GaussKronrod gk = new GaussKronrod(0, relTol, 1000);
        for (Case c : smoothCases()) {
            GaussKronrod.Result r = gk.integrate(c.f(), c.breakpoints());
            // The requested 1e-13 is met (the estimate |K15 − G7| is conservative), and the exact values
            // are themselves good to an ulp or two.
            Tolerance.rel(relTol).check(c.name(), c.exact(), r.value());
            assertTrue(r.error() <= relTol * Math.abs(r.value()), c.name() + ": estimate " + r.error());
            assertTrue(
                    Math.abs(r.value() - c.exact()) <= r.error() + 4 * Math.ulp(c.exact()),
                    c.name() + ": actual error " + Math.abs(r.value() - c.exact()) + " > estimate " + r.error());
        }
    }

    @Test
    void kinkAtABreakpointIsIntegratedToRoundingLevel() {
        // Both pieces are linear, so K15 is exact on each and one pass suffices (2 intervals).
        GaussKronrod gk = new GaussKronrod(1e-13, 0, 2);
        GaussKronrod.Result r = gk.integrate(Math::abs, -1, 0, 2);
        Tolerance.abs(1e-13).check("|x| on [-1,0,2]", 2.5, r.value());
        Tolerance.abs(1e-13).check("estimate for |x| on [-1,0,2]", 0, r.error());
        // Without the breakpoint the kink sits inside a piece forever (0 is never a bisection point
        // of [-1, 2]) and 2 intervals are far from enough.
        assertThrows(IllegalStateException.class, () -> gk.integrate(Math::abs, -1, 2));
    }

    @Test
    void exceedingTheIntervalBudgetThrows() {
        GaussKronrod gk = new GaussKronrod(0, 1e-15, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> gk.integrate(Math::sqrt, 0, 1));
        assertTrue(e.getMessage().contains("3 intervals"), e.getMessage());
    }

    @Test
    void emptyPiecesAreSkipped() {
        GaussKronrod gk = new GaussKronrod(0, 1e-14, 100);
        GaussKronrod.Result r = gk.integrate(Math::exp, 0, 0, 0.5, 0.5, 1, 1);
        Tolerance.rel(1e-14).check("exp with repeated breakpoints", Math.expm1(1), r.value());
        GaussKronrod.Result empty = gk.integrate(Math::exp, 1, 1);
        Tolerance.abs(0).check("empty range value", 0, empty.value());
        Tolerance.abs(0).check("empty range estimate", 0, empty.error());
    }

    @Test
    void unsplittablePieceReturnsItsEstimate() {
        // On [1, nextUp(1)] the midpoint rounds onto an end, so bisection is impossible: the integrator
        // must return the estimate instead of looping or throwing, whatever the tolerance.
        GaussKronrod gk = new GaussKronrod(0, 1e-15, 1000);
        double b = Math.nextUp(1.0);
        GaussKronrod.Result r = gk.integrate(x -> x < 1 ? 1.0 : 0.0, 1.0, b);
        // Any 15-point weighted mean of values in [0, 1] times the width lies within one width of 0.
        Tolerance.abs(b - 1).check("value on an unsplittable piece", 0, r.value());
    }

    @Test
    void badBreakpointsAreRejected() {
        GaussKronrod gk = new GaussKronrod(1e-12, 1e-12, 100);
        DoubleUnaryOperator f = Math::exp;
        assertThrows(IllegalArgumentException.class, () -> gk.integrate(f));
        assertThrows(IllegalArgumentException.class, () -> gk.integrate(f, 0.0));
        assertThrows(IllegalArgumentException.class, () -> gk.integrate(f, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> gk.integrate(f, 0, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> gk.integrate(f, 0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> gk.integrate(f, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> gk.integrate(f, 0, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> gk.integrate(f, Double.NEGATIVE_INFINITY, 0));
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new GaussKronrod(0, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new GaussKronrod(-1e-12, 1e-12, 10));
        assertThrows(IllegalArgumentException.class, () -> new GaussKronrod(1e-12, -1e-12, 10));
        assertThrows(IllegalArgumentException.class, () -> new GaussKronrod(Double.NaN, 1e-12, 10));
        assertThrows(IllegalArgumentException.class, () -> new GaussKronrod(1e-12, Double.NaN, 10));
        assertThrows(IllegalArgumentException.class, () -> new GaussKronrod(1e-12, 1e-12, 0));
    }

    /** ∫_a^b x^d dx = (b^{d+1} − a^{d+1})/(d+1), exactly in BigDecimal, rounded once to double. */
    private static double exactPowerIntegral(int d, double a, double b) {
        BigDecimal diff = new BigDecimal(b).pow(d + 1).subtract(new BigDecimal(a).pow(d + 1));
        return diff.divide(BigDecimal.valueOf(d + 1), MathContext.DECIMAL128).doubleValue();
    }
}
