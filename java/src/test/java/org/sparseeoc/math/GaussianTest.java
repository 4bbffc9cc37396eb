package org.sparseeoc.math;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparseeoc.testing.Tolerance;

/**
 * Gaussian against an independent high-precision reference built here with BigDecimal: Φ(x) = 1/2 +
 * p(x)·Σ x^{2n+1}/(2n+1)!! (the Taylor series of the error function, summed with enough digits to
 * survive its cancellation in the tails), exp by argument halving + Taylor + repeated squaring, π by
 * Machin's formula. None of it shares a method with the implementation (erfc, Mills-ratio continued
 * fraction, Halley). References are converted to double only for the comparison, which adds at most
 * half an ulp (≤ 1.2e-16 relative) to every measured error.
 *
 * <p>Measured accuracy: for |x| ≤ 5, Φ̄ is built from positive terms only (Φ̄ at grid nodes chained
 * down from the continued-fraction value at 5, plus a K15 integral of p), and the scan passes at
 * 8e-16 relative; the tolerance below keeps a margin. (With Hipparchus' erfc in the centre the
 * worst was 9.5e-15 at x ≈ 1.69, from its cancelling 1 − P branch.) Tails |x| &gt; 5: 1.5e-15.
 */
class GaussianTest {
    /** Relative tolerance of Φ and Φ̄ for |x| ≤ 5: the scan passes at 8e-16; 1.5e-15 leaves a margin. */
    private static final double CENTRAL_RTOL = 1.5e-15;
    /**
     * Relative tolerance of Φ and Φ̄ for |x| &gt; 5 (p·Mills ratio): measured worst 1.5e-15, from
     * roughly one rounding per Lentz step (the fraction needs the most steps just above 5) on top of
     * the density's few ulps.
     */
    private static final double TAIL_RTOL = 2e-15;
    /**
     * Relative tolerance of p: 1/√(2π) rounded, two exp calls (≤ 1 ulp each by Math.exp's contract),
     * two products: about 4.5 units of 2^-53 ≈ 5e-16 at worst; measured 5.2e-16 (one of the factors
     * landing near the bottom of its binade, where an ulp is relatively twice as large), so 8e-16.
     */
    private static final double PDF_RTOL = 8e-16;
    /** One ulp relative, 2^-52: the best a correctly solved double root can be guaranteed to do. */
    private static final double ONE_ULP = 0x1p-52;

    private static double cdfRtol(double x) {
        return Math.abs(x) <= 5 ? CENTRAL_RTOL : TAIL_RTOL;
    }

    // ---------------------------------------------------------------------------------------------
    // Φ, Φ̄, p

    @Test
    void cdfUpperTailAndPdfMatchHighPrecisionReference() {
        List<Double> xs = new ArrayList<>();
        double[] fixed = {
            0.0,
            1e-300,
            1e-8,
            0.5,
            1.0,
            1.5,
            1.69,
            1.7320508,
            1.78,
            2.0,
            3.0,
            4.0,
            4.95,
            Math.nextDown(5.0),
            5.0,
            Math.nextUp(5.0),
            5.01,
            5.2,
            6.0,
            7.0,
            8.3,
            10.0,
            12.5,
            15.0,
            20.0,
            25.0,
            30.0,
            33.0,
            36.0,
            37.0
        };
        for (double x : fixed) {
            xs.add(x);
            xs.add(-x);
        }
        Random random = new Random(20240226L);
        for (int i = 0; i < 24; i++) {
            xs.add(-6 + 12 * random.nextDouble());
        }
        for (int i = 0; i < 6; i++) {
            xs.add(-37 + 74 * random.nextDouble());
        }
        for (double x : xs) {
            BigDecimal cdf = BigNormal.cdf(new BigDecimal(x));
            BigDecimal upper = BigDecimal.ONE.subtract(cdf);
            Tolerance tol = Tolerance.rel(cdfRtol(x));
            tol.check("cdf(" + x + ")", cdf.doubleValue(), Gaussian.cdf(x));
            tol.check("upperTail(" + x + ")", upper.doubleValue(), Gaussian.upperTail(x));
            Tolerance.rel(PDF_RTOL)
                    .check("pdf(" + x + ")", BigNormal.pdf(new BigDecimal(x)).doubleValue(), Gaussian.pdf(x));
        }
    }

    @Test
    void specialArgumentsOfCdfAndPdf() {
        Tolerance exact = Tolerance.abs(0); // fixed by definition, no arithmetic involved
        exact.check("cdf(-inf)", 0.0, Gaussian.cdf(Double.NEGATIVE_INFINITY));
        exact.check("cdf(+inf)", 1.0, Gaussian.cdf(Double.POSITIVE_INFINITY));
        exact.check("upperTail(-inf)", 1.0, Gaussian.upperTail(Double.NEGATIVE_INFINITY));
        exact.check("upperTail(+inf)", 0.0, Gaussian.upperTail(Double.POSITIVE_INFINITY));
        exact.check("cdf(NaN)", Double.NaN, Gaussian.cdf(Double.NaN));
        exact.check("upperTail(NaN)", Double.NaN, Gaussian.upperTail(Double.NaN));
        exact.check("pdf(NaN)", Double.NaN, Gaussian.pdf(Double.NaN));
        exact.check("pdf(+inf)", 0.0, Gaussian.pdf(Double.POSITIVE_INFINITY));
        exact.check("pdf(-inf)", 0.0, Gaussian.pdf(Double.NEGATIVE_INFINITY));
        exact.check("pdf(40.5)", 0.0, Gaussian.pdf(40.5)); // true value 1e-357 underflows
        exact.check("cdf(0)", 0.5, Gaussian.cdf(0.0)); // erfc(0) = 1 exactly
        exact.check("pdf(0)", Gaussian.INV_SQRT_2PI, Gaussian.pdf(0.0)); // exp(0) = 1 exactly
        // Subnormal densities (|x| > 37.6) keep only absolute precision: one unit of the smallest
        // subnormal per rounding (three of them), on top of the usual relative error.
        for (double x : new double[] {38.0, 38.5, -38.9}) {
            new Tolerance(3 * Double.MIN_VALUE, PDF_RTOL)
                    .check("pdf(" + x + ")", BigNormal.pdf(new BigDecimal(x)).doubleValue(), Gaussian.pdf(x));
        }
        new Tolerance(3 * Double.MIN_VALUE, TAIL_RTOL)
                .check(
                        "upperTail(37.6)",
                        BigNormal.upperTail(new BigDecimal(37.6)).doubleValue(),
                        Gaussian.upperTail(37.6));
    }

    @Test
    void cdfAndUpperTailAreMirrorImages() {
        // Φ(x) is implemented as Φ̄(−x): identical by construction, so no tolerance.
        Random random = new Random(7L);
        for (int i = 0; i < 200; i++) {
            double x = -40 + 80 * random.nextDouble();
            Tolerance.abs(0).check("cdf(" + x + ") vs upperTail(-x)", Gaussian.upperTail(-x), Gaussian.cdf(x));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Φ⁻¹

    @Test
    void quantileMatchesHighPrecisionRoot() {
        List<Double> ps = new ArrayList<>(List.of(
                1e-300,
                1e-250,
                1e-200,
                1e-150,
                1e-100,
                1e-50,
                1e-20,
                1e-10,
                1.0000001e-8,
                1e-8,
                0.99e-8,
                1e-5,
                1e-3,
                0.025,
                0.15,
                0.3,
                0.49,
                0.4999999,
                Math.nextDown(0.5),
                Math.nextUp(0.5),
                0.5000001,
                0.6,
                0.85,
                0.975,
                0.999,
                1 - 1e-8,
                1 - 1e-12,
                1 - 1e-16));
        Random random = new Random(314159L);
        for (int i = 0; i < 8; i++) {
            ps.add(Math.pow(10, -300 * random.nextDouble()));
            ps.add(random.nextDouble());
        }
        for (double p : ps) {
            double x = Gaussian.quantile(p);
            BigDecimal root = BigNormal.quantile(p, x);
            double density = Gaussian.pdf(x);
            // Φ⁻¹ can only be as good as the Φ it inverts: an error δ·min(p, 1−p) in Φ moves the root by
            // δ·min(p, 1−p)/p(x) (dominant near p = 1/2, where x → 0 and relative error is
            // meaningless); beyond that, one ulp.
            double atol = cdfRtol(x) * Math.min(p, 1 - p) / density;
            new Tolerance(atol, ONE_ULP).check("quantile(" + p + ")", root.doubleValue(), x);
        }
        Tolerance.abs(0).check("quantile(0.5)", 0.0, Gaussian.quantile(0.5)); // erfInv(0) = 0, Halley exits at once
    }

    @Test
    void quantileRoundTrip() {
        List<Double> ps = new ArrayList<>();
        for (int e = -300; e <= -1; e += 13) {
            ps.add(Math.pow(10, e));
        }
        for (double p :
                new double[] {0.02, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.99, 1 - 1e-5, 1 - 1e-10, 1 - 1e-16}) {
            ps.add(p);
        }
        Random random = new Random(99L);
        for (int i = 0; i < 200; i++) {
            ps.add(Math.pow(10, -300 * random.nextDouble()));
            ps.add(random.nextDouble());
        }
        for (double p : ps) {
            double x = Gaussian.quantile(p);
            // Relative error of Φ(x̂) against p: Φ's own error at x̂ (counted twice: once in solving,
            // once in this evaluation) plus the effect of x̂ being off the true root by up to one ulp,
            // which moves Φ by p(x)·ulp(x), relatively p(x)·2^-52·|x|/p ≈ 2^-52·x² in the far tail
            // (3e-13 at x = −37; measured worst 1.3e-13 at p ≈ 8e-283).
            double rtol = 2 * cdfRtol(x) + ONE_ULP * Math.abs(x) * Gaussian.pdf(x) / p;
            Tolerance.rel(rtol).check("cdf(quantile(" + p + "))", p, Gaussian.cdf(x));
        }
    }

    @Test
    void quantileIsOddAboutOneHalf() {
        // For u in [1/2, 1), 1 − u is exact (Sterbenz); the implementation maps the upper half onto the
        // lower tail, so Φ⁻¹(u) = −Φ⁻¹(1 − u) holds bit for bit: tolerance 0.
        Random random = new Random(2718L);
        List<Double> us = new ArrayList<>(List.of(0.5, 0.6, 0.85, 0.975, 0.999, 1 - 1e-9, Math.nextDown(1.0)));
        for (int i = 0; i < 100; i++) {
            us.add(0.5 + 0.5 * random.nextDouble());
        }
        for (double u : us) {
            double p = 1 - u;
            Tolerance.abs(0)
                    .check("quantile(" + u + ") vs -quantile(" + p + ")", -Gaussian.quantile(p), Gaussian.quantile(u));
        }
    }

    @Test
    void quantileKnownValues() {
        // Table values, checked first against the BigDecimal root: each literal must be exactly the
        // double nearest to the root (tolerance 0). The often-quoted 1.959963984540054 and
        // 1.0364333894937898 are one and two ulps above these.
        double z975 = 1.9599639845400538; // Φ⁻¹(0.975) = 1.95996398454005385560...
        double z85 = 1.0364333894937894; // Φ⁻¹(0.85) = 1.03643338949378948448... (of the double 0.85)
        Tolerance.abs(0).check("table z(0.975)", BigNormal.quantile(0.975, z975).doubleValue(), z975);
        Tolerance.abs(0).check("table z(0.85)", BigNormal.quantile(0.85, z85).doubleValue(), z85);
        // The implementation is Φ-limited, as in quantileMatchesHighPrecisionRoot (it returns ...7892,
        // 1.5 ulps below the root, because Φ at that point is about 5e-16 relative off).
        new Tolerance(CENTRAL_RTOL * 0.025 / Gaussian.pdf(z975), ONE_ULP)
                .check("quantile(0.975)", z975, Gaussian.quantile(0.975));
        new Tolerance(CENTRAL_RTOL * 0.15 / Gaussian.pdf(z85), ONE_ULP)
                .check("quantile(0.85)", z85, Gaussian.quantile(0.85));
        // theory.md's table gives τ = 1.036433 (s = 0.85) and 1.439531 (ST: Φ⁻¹(0.925)) to 6 decimals.
        Tolerance.abs(5e-7).check("theory.md ReLU_tau tau", 1.036433, Gaussian.quantile(0.85));
        Tolerance.abs(5e-7).check("theory.md ST tau", 1.439531, Gaussian.quantile(0.925));
    }

    @Test
    void quantileEndsAndSubnormals() {
        Tolerance exact = Tolerance.abs(0);
        exact.check("quantile(0)", Double.NEGATIVE_INFINITY, Gaussian.quantile(0.0));
        exact.check("quantile(-0.0)", Double.NEGATIVE_INFINITY, Gaussian.quantile(-0.0));
        exact.check("quantile(1)", Double.POSITIVE_INFINITY, Gaussian.quantile(1.0));
        // Subnormal p: Φ itself cannot resolve better than one unit of Double.MIN_VALUE there, so the
        // only meaningful requirement is that Φ(Φ⁻¹(p)) reproduces p to within that unit.
        for (double p : new double[] {Double.MIN_VALUE, 1e-320, 1e-310}) {
            double x = Gaussian.quantile(p);
            Tolerance.abs(Double.MIN_VALUE).check("cdf(quantile(" + p + "))", p, Gaussian.cdf(x));
        }
    }

    @Test
    void quantileRejectsBadProbabilities() {
        for (double p : new double[] {
            -1e-300, -0.5, 1.0000000000000002, 2, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY
        }) {
            assertThrows(IllegalArgumentException.class, () -> Gaussian.quantile(p), "p = " + p);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // mass

    @Test
    void massMatchesReference() {
        double inf = Double.POSITIVE_INFINITY;
        double[][] pairs = {
            {-inf, inf}, {0, inf}, {-inf, 0}, {-1, 1}, {-2, 0.5}, {0.3, 0.7}, {-0.7, -0.3}, {1, 1 + 1e-10},
            {4.9, 5.1}, {-5.1, -4.9}, {8.3, 20}, {30, 30.5}, {-30.5, -30}, {-37, -36.9}, {36, 37}, {5, inf},
            {-inf, -5}, {-37, 37}, {-0.1, 37}, {2, 2}, {-20, -20}, {-inf, -36}, {36, inf}
        };
        for (double[] ab : pairs) {
            double a = ab[0];
            double b = ab[1];
            BigDecimal ref = BigNormal.cdf(b).subtract(BigNormal.cdf(a));
            // mass is a difference of two tail values (or 1 minus two of them) taken from the side where
            // they are small; each carries its relative error, so the absolute error is bounded by
            // rtol(a)·T(a) + rtol(b)·T(b) with T the smaller tail, plus two roundings of the result.
            double atol = cdfRtol(a) * smallerTail(a) + cdfRtol(b) * smallerTail(b);
            new Tolerance(atol, 2 * 0x1p-53)
                    .check("mass(" + a + ", " + b + ")", ref.doubleValue(), Gaussian.mass(a, b));
        }
    }

    @Test
    void massRejectsReversedOrNaNBounds() {
        assertThrows(IllegalArgumentException.class, () -> Gaussian.mass(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Gaussian.mass(30.5, 30));
        assertThrows(IllegalArgumentException.class, () -> Gaussian.mass(Double.POSITIVE_INFINITY, 0));
        assertThrows(IllegalArgumentException.class, () -> Gaussian.mass(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> Gaussian.mass(0, Double.NaN));
    }

    private static double smallerTail(double x) {
        if (Double.isInfinite(x)) {
            return 0;
        }
        BigDecimal cdf = BigNormal.cdf(new BigDecimal(x));
        return Math.min(cdf.doubleValue(), BigDecimal.ONE.subtract(cdf).doubleValue());
    }

    // ---------------------------------------------------------------------------------------------
    // The reference.

    /** Standard normal functions in BigDecimal arithmetic, with about 30 correct digits or more. */
    private static final class BigNormal {
        private static final int MAX_DIGITS = 400;
        private static final BigDecimal HALF = new BigDecimal("0.5");
        private static final BigDecimal SQRT_2PI;

        static {
            MathContext mc = new MathContext(MAX_DIGITS + 10, RoundingMode.HALF_EVEN);
            // Machin: π = 16·atan(1/5) − 4·atan(1/239).
            BigDecimal pi = arctanOfInverse(5, mc)
                    .multiply(BigDecimal.valueOf(16))
                    .subtract(arctanOfInverse(239, mc).multiply(BigDecimal.valueOf(4)), mc);
            SQRT_2PI = pi.multiply(BigDecimal.TWO).sqrt(mc);
        }

        private BigNormal() {}

        private static BigDecimal arctanOfInverse(int k, MathContext mc) {
            BigDecimal x = BigDecimal.ONE.divide(BigDecimal.valueOf(k), mc);
            BigDecimal x2 = x.multiply(x, mc);
            BigDecimal power = x;
            BigDecimal sum = x;
            BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
            for (int n = 1; ; n++) {
                power = power.multiply(x2, mc);
                BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), mc);
                sum = n % 2 == 1 ? sum.subtract(term, mc) : sum.add(term, mc);
                if (term.compareTo(eps) < 0) {
                    return sum;
                }
            }
        }

        /**
         * Digits needed near x: Φ̄(|x|) ≈ e^{−x²/2} must survive the cancellation 1/2 − p·S, so 40 digits
         * beyond its magnitude (≤ 350 for |x| ≤ 38.5).
         */
        private static MathContext contextFor(BigDecimal x) {
            double d = x.doubleValue();
            int digits = 40 + (int) Math.ceil(d * d / (2 * Math.log(10)));
            if (digits > MAX_DIGITS) {
                throw new IllegalArgumentException("reference limited to |x| < 39, got " + x);
            }
            return new MathContext(digits, RoundingMode.HALF_EVEN);
        }

        /** e^y for y ≥ 0: halve y below 1e-3, Taylor series, square back. */
        private static BigDecimal exp(BigDecimal y, MathContext mc) {
            MathContext work = new MathContext(mc.getPrecision() + 12, RoundingMode.HALF_EVEN);
            BigDecimal small = new BigDecimal("0.001");
            BigDecimal r = y;
            int halvings = 0;
            while (r.compareTo(small) > 0) {
                r = r.divide(BigDecimal.TWO, work);
                halvings++;
            }
            BigDecimal sum = BigDecimal.ONE;
            BigDecimal term = BigDecimal.ONE;
            BigDecimal eps = BigDecimal.ONE.movePointLeft(work.getPrecision() + 2);
            for (int n = 1; term.compareTo(eps) > 0; n++) {
                term = term.multiply(r, work).divide(BigDecimal.valueOf(n), work);
                sum = sum.add(term, work);
            }
            for (int i = 0; i < halvings; i++) {
                sum = sum.multiply(sum, work);
            }
            return sum.round(mc);
        }

        private static BigDecimal density(BigDecimal x, MathContext mc) {
            return BigDecimal.ONE.divide(exp(x.multiply(x).multiply(HALF), mc).multiply(SQRT_2PI, mc), mc);
        }

        static BigDecimal pdf(BigDecimal x) {
            return density(x, contextFor(x));
        }

        /** Φ(x) = 1/2 + p(x)·Σ_{n≥0} x^{2n+1}/(2n+1)!!. */
        static BigDecimal cdf(BigDecimal x) {
            MathContext mc = contextFor(x);
            BigDecimal x2 = x.multiply(x);
            double limit = x2.doubleValue();
            BigDecimal term = x;
            BigDecimal sum = x;
            // Terms grow while 2n+3 < x², then fall off at least geometrically (ratio ≤ 1/2 once
            // 2n+3 ≥ 2x²): stop past the peak when a term no longer touches the working precision.
            for (int n = 0; term.signum() != 0; n++) {
                term = term.multiply(x2, mc).divide(BigDecimal.valueOf(2L * n + 3), mc);
                sum = sum.add(term, mc);
                if (2L * n + 3 > 2 * limit
                        && term.abs().compareTo(sum.abs().movePointLeft(mc.getPrecision() + 2)) < 0) {
                    break;
                }
            }
            return HALF.add(density(x, mc).multiply(sum, mc), mc);
        }

        static BigDecimal cdf(double x) {
            if (Double.isInfinite(x)) {
                return x > 0 ? BigDecimal.ONE : BigDecimal.ZERO;
            }
            return cdf(new BigDecimal(x));
        }

        static BigDecimal upperTail(BigDecimal x) {
            return BigDecimal.ONE.subtract(cdf(x));
        }

        /**
         * The root of Φ(x) = p by Newton's method from a double start within a few ulps of it: two
         * steps take a 1e-16 start to below 1e-30 (quadratic convergence); the second step's size is
         * checked to make sure.
         */
        static BigDecimal quantile(double p, double start) {
            BigDecimal target = new BigDecimal(p);
            BigDecimal x = new BigDecimal(start);
            BigDecimal step = BigDecimal.ZERO;
            for (int i = 0; i < 2; i++) {
                MathContext mc = contextFor(x);
                step = cdf(x).subtract(target).divide(density(x, mc), mc);
                x = x.subtract(step, mc);
            }
            Tolerance.abs(1e-25 * Math.max(1, Math.abs(start)))
                    .check("reference Newton step for p=" + p, 0.0, step.doubleValue());
            return x;
        }
    }
}
