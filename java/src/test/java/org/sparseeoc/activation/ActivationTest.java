package org.sparseeoc.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.sparseeoc.math.GaussKronrod;
import org.sparseeoc.math.Gaussian;
import org.sparseeoc.testing.Tolerance;

/**
 * The default methods of {@link Activation} for every family over the grid q ∈ {0.1, 1, 4.7}, τ ∈ {0,
 * 0.3, 1.2, 2.5}, m ∈ {0.2, 1, 3.1}: pointwise values and derivatives, zero sets and kinks, and the
 * closed-form Gaussian moments against adaptive quadrature of their defining integrals, against
 * seeded Monte Carlo, and (for the q-derivatives) against finite differences.
 *
 * <p>The references use this class's own definition of φ ({@link #phiRef}, {@link #derivativeRef}),
 * not the production one, so a wrong closed form cannot be matched by an equally wrong pointwise
 * function.
 */
class ActivationTest {
    private static final double[] QS = {0.1, 1, 4.7};
    private static final double[] TAUS = {0, 0.3, 1.2, 2.5};
    private static final double[] CLIPS = {0.2, 1, 3.1};
    private static final double[] MUS = {-1.3, 0, 0.4, 2.7};
    private static final double[] SIGMAS = {0.05, 0.5, 1, 2.2};
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double CUTOFF = GaussKronrod.GAUSSIAN_CUTOFF;

    /**
     * Relative error of one term of a closed form: the Gaussian functions are good to 1.2e-14 (see
     * GaussianTest), plus a few roundings. Closed forms that subtract nearly equal terms lose this
     * times (sum of |terms|)/|result|, so their absolute tolerance is this times the sum of |terms|.
     */
    private static final double TERM_RTOL = 2e-14;
    /** Relative accuracy asked of the reference quadrature (reached: its |K15 − G7| is conservative). */
    private static final double QUAD_RTOL = 1e-13;
    /** Relative slack of the quadrature comparison: ten times what the quadrature is asked for. */
    private static final double CHECK_RTOL = 1e-12;

    /** Every activation of the grid (relu once; τ for the thresholded kinds; m for the clipped ones). */
    static List<Activation> grid() {
        List<Activation> all = new ArrayList<>();
        all.add(ActivationKind.RELU.create(0, INF));
        for (double tau : TAUS) {
            all.add(ActivationKind.RELU_TAU.create(tau, INF));
            all.add(ActivationKind.ST.create(tau, INF));
            for (double m : CLIPS) {
                all.add(ActivationKind.CRELU.create(tau, m));
                all.add(ActivationKind.CST.create(tau, m));
            }
        }
        return all;
    }

    /** The one-sided profile g(x) = min(max(x − τ, 0), m), written out by cases. */
    private static double profileRef(double x, double tau, double m) {
        if (x <= tau) {
            return 0;
        }
        return x - tau >= m ? m : x - tau;
    }

    /** φ by its definition: g, or sign(x)·g(|x|) for the soft-threshold family. */
    static double phiRef(Activation act, double x) {
        double tau = act.threshold();
        double m = act.clip();
        if (!act.kind().odd()) {
            return profileRef(x, tau, m);
        }
        double magnitude = profileRef(Math.abs(x), tau, m);
        return x < 0 ? -magnitude : magnitude;
    }

    /** φ' by its definition: 1 strictly between the kinks where φ has slope 1, else 0. */
    static double derivativeRef(Activation act, double x) {
        double y = act.kind().odd() ? Math.abs(x) : x;
        return y > act.threshold() && y < act.threshold() + act.clip() ? 1 : 0;
    }

    /** Kinks by hand: τ and τ + m, mirrored for odd kinds; only finite ones. */
    private static double[] kinksRef(Activation act) {
        double tau = act.threshold();
        double outer = tau + act.clip();
        List<Double> k = new ArrayList<>();
        if (act.kind().odd()) {
            if (act.kind().clipped()) {
                k.add(-outer);
            }
            k.add(-tau);
        }
        k.add(tau);
        if (act.kind().clipped()) {
            k.add(outer);
        }
        return k.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // ---------------------------------------------------------------------------------------------
    // Pointwise

    @Test
    void valuesAndDerivativesAtHandChosenPoints() {
        // Dyadic parameters and points: every subtraction is exact, so the expected values are exact.
        // Each row: x, φ(x), φ'(x). Kinks have φ' = 0.
        check(
                ActivationKind.RELU.create(0, INF),
                new double[][] {{-2, 0, 0}, {-0.0, 0, 0}, {0, 0, 0}, {0.75, 0.75, 1}, {1e300, 1e300, 1}});
        check(
                ActivationKind.RELU_TAU.create(0.5, INF),
                new double[][] {{-3, 0, 0}, {0.25, 0, 0}, {0.5, 0, 0}, {0.75, 0.25, 1}, {8.5, 8, 1}});
        check(ActivationKind.ST.create(0.5, INF), new double[][] {
            {-8.5, -8, 1}, {-0.75, -0.25, 1}, {-0.5, 0, 0}, {-0.25, 0, 0}, {0, 0, 0}, {0.5, 0, 0}, {0.75, 0.25, 1}
        });
        check(ActivationKind.ST.create(0, INF), new double[][] {{-1.5, -1.5, 1}, {0, 0, 0}, {2.25, 2.25, 1}});
        check(ActivationKind.CRELU.create(0.5, 1.25), new double[][] {
            {-1, 0, 0}, {0.5, 0, 0}, {1, 0.5, 1}, {1.5, 1, 1}, {1.75, 1.25, 0}, {2, 1.25, 0}, {100, 1.25, 0}
        });
        check(
                ActivationKind.CRELU.create(0, 1),
                new double[][] {{-1, 0, 0}, {0, 0, 0}, {0.5, 0.5, 1}, {1, 1, 0}, {3, 1, 0}});
        check(ActivationKind.CST.create(0.5, 1.25), new double[][] {
            {-3, -1.25, 0},
            {-1.75, -1.25, 0},
            {-1, -0.5, 1},
            {-0.5, 0, 0},
            {0, 0, 0},
            {0.25, 0, 0},
            {0.5, 0, 0},
            {1, 0.5, 1},
            {1.75, 1.25, 0},
            {3, 1.25, 0}
        });
    }

    private static void check(Activation act, double[][] rows) {
        Tolerance exact = Tolerance.abs(0); // dyadic arithmetic, exact
        for (double[] row : rows) {
            exact.check(act.describe() + " phi(" + row[0] + ")", row[1], act.apply(row[0]));
            exact.check(act.describe() + " phi'(" + row[0] + ")", row[2], act.derivative(row[0]));
        }
    }

    @Test
    void valuesAndDerivativesOnTheGrid() {
        Random random = new Random(11L);
        Tolerance exact = Tolerance.abs(0); // same single subtraction x − τ on both sides
        for (Activation act : grid()) {
            for (double x : probePoints(act, random)) {
                exact.check(act.describe() + " phi(" + x + ")", phiRef(act, x), act.apply(x));
                exact.check(act.describe() + " phi'(" + x + ")", derivativeRef(act, x), act.derivative(x));
            }
            for (double k : act.kinks()) {
                exact.check(act.describe() + " phi' at kink " + k, 0, act.derivative(k));
            }
        }
    }

    @Test
    void softThresholdFamilyIsOdd() {
        Random random = new Random(12L);
        Tolerance exact = Tolerance.abs(0); // |x| and sign handling are exact
        for (Activation act : grid()) {
            if (!act.kind().odd()) {
                continue;
            }
            for (double x : probePoints(act, random)) {
                exact.check(act.describe() + " phi(-x) vs -phi(x), x=" + x, -act.apply(x), act.apply(-x));
                exact.check(act.describe() + " phi'(-x) vs phi'(x), x=" + x, act.derivative(x), act.derivative(-x));
            }
        }
    }

    @Test
    void exactZerosAgreeWithZeroSet() {
        Random random = new Random(13L);
        for (Activation act : grid()) {
            List<Double> xs = new ArrayList<>();
            for (double x : probePoints(act, random)) {
                xs.add(x);
            }
            xs.addAll(List.of(INF, -INF, Double.NaN, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE));
            for (double x : xs) {
                double y = act.apply(x);
                assertEquals(y == 0, act.isExactZero(x), act.describe() + " at x=" + x + " (phi=" + y + ")");
                if (y == 0) {
                    // exact zeros are +0.0, never -0.0
                    assertEquals(0, Double.compare(y, 0.0), act.describe() + " zero sign at x=" + x);
                }
            }
        }
    }

    @Test
    void zeroSetKinksAndParameters() {
        Tolerance exact = Tolerance.abs(0); // parameters are passed through or negated, no arithmetic
        for (Activation act : grid()) {
            String name = act.describe();
            double tau = act.threshold();
            ZeroSet zeros = act.zeroSet();
            exact.check(name + " zero set lower", act.kind().odd() ? -tau : -INF, zeros.lower());
            exact.check(name + " zero set upper", tau, zeros.upper());
            double[] kinks = act.kinks();
            exact.checkAll(name + " kinks", kinksRef(act), kinks);
            double[] sorted = kinks.clone();
            Arrays.sort(sorted);
            exact.checkAll(name + " kinks ascending", sorted, kinks);
            assertEquals(act.kind().clipped(), act.clip() < INF, name);
            assertTrue(name.startsWith(act.kind().cliName()), name);
        }
    }

    /**
     * Points around every kink (at it and one ulp either side), inside each region, far out, and a
     * few random ones.
     */
    private static double[] probePoints(Activation act, Random random) {
        TreeSet<Double> xs = new TreeSet<>();
        double tau = act.threshold();
        double outer = act.clip() < INF ? tau + act.clip() : tau + 7.5;
        for (double k : new double[] {tau, outer, tau + act.clip()}) {
            if (Double.isFinite(k)) {
                for (double s : new double[] {1, -1}) {
                    xs.add(s * k);
                    xs.add(s * Math.nextUp(k));
                    xs.add(s * Math.nextDown(k));
                }
            }
        }
        for (double x : new double[] {0, -0.0, 0.5 * tau, 0.5 * (tau + outer), outer + 1, 10, 1e6}) {
            xs.add(x);
            xs.add(-x);
        }
        for (int i = 0; i < 20; i++) {
            xs.add(-8 + 16 * random.nextDouble());
        }
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // ---------------------------------------------------------------------------------------------
    // Moments against quadrature

    /** ∫ f(μ + σz)·p(z) dz over |z| ≤ cutoff, split where φ has kinks; value and ∫|…|. */
    private static double[] gaussianExpectation(Activation act, DoubleUnaryOperator f, double mu, double sigma) {
        TreeSet<Double> cuts = new TreeSet<>(List.of(-CUTOFF, CUTOFF));
        for (double k : kinksRef(act)) {
            double z = (k - mu) / sigma;
            if (Math.abs(z) < CUTOFF) {
                cuts.add(z);
            }
        }
        double[] breakpoints = cuts.stream().mapToDouble(Double::doubleValue).toArray();
        DoubleUnaryOperator integrand = z -> f.applyAsDouble(mu + sigma * z) * Gaussian.pdf(z);
        double l1 = new GaussKronrod(0, QUAD_RTOL, 100_000)
                .integrate(z -> Math.abs(integrand.applyAsDouble(z)), breakpoints)
                .value();
        if (l1 == 0) {
            return new double[] {0, 0};
        }
        // Signed integrands (odd φ) may integrate to ~0: ask for QUAD_RTOL of ∫|f| there instead.
        double value = new GaussKronrod(QUAD_RTOL * l1, QUAD_RTOL, 100_000)
                .integrate(integrand, breakpoints)
                .value();
        return new double[] {value, l1};
    }

    /**
     * Tolerance for a closed form against quadrature: TERM_RTOL times the sum of the |terms| of the
     * closed form (its rounding and Gaussian-function errors, cancellation included), QUAD_RTOL of ∫|f|
     * (the reference's own error where f changes sign), and CHECK_RTOL relative.
     */
    private static Tolerance quadratureTolerance(double termScale, double l1) {
        return new Tolerance(TERM_RTOL * termScale + QUAD_RTOL * l1, CHECK_RTOL);
    }

    @Test
    void momentsMatchQuadrature() {
        for (Activation act : grid()) {
            for (double q : QS) {
                String id = act.describe() + " q=" + q;
                double s = Math.sqrt(q);
                Scales sc = Scales.of(act, q);

                double[] r = gaussianExpectation(act, x -> square(phiRef(act, x)), 0, s);
                quadratureTolerance(sc.secondMoment, r[1]).check(id + " E[phi^2]", r[0], act.secondMoment(q));

                r = gaussianExpectation(act, x -> square(derivativeRef(act, x)), 0, s);
                quadratureTolerance(sc.derivative, r[1]).check(id + " E[phi'^2]", r[0], act.derivativeSecondMoment(q));

                r = gaussianExpectation(act, x -> phiRef(act, x) == 0 ? 1 : 0, 0, s);
                quadratureTolerance(1, r[1]).check(id + " P(phi=0)", r[0], act.zeroProbability(q));

                r = gaussianExpectation(act, x -> Math.abs(phiRef(act, x)) == act.clip() ? 1 : 0, 0, s);
                quadratureTolerance(sc.clipped, r[1]).check(id + " P(|phi|=m)", r[0], act.clippedProbability(q));
            }
        }
    }

    @Test
    void meanMatchesQuadrature() {
        for (Activation act : grid()) {
            for (double mu : MUS) {
                // σ = 0: the mean is φ(μ) itself, exactly.
                Tolerance.abs(0).check(act.describe() + " mean(" + mu + ", 0)", phiRef(act, mu), act.mean(mu, 0));
                for (double sigma : SIGMAS) {
                    double[] r = gaussianExpectation(act, x -> phiRef(act, x), mu, sigma);
                    quadratureTolerance(Scales.meanScale(act, mu, sigma), r[1])
                            .check(act.describe() + " mean(" + mu + ", " + sigma + ")", r[0], act.mean(mu, sigma));
                }
            }
        }
    }

    private static double square(double x) {
        return x * x;
    }

    /**
     * Sums of |terms| of each closed form (docs/theory.md, "Closed forms"), for the cancellation part of
     * the tolerance. Mass(a, b) is a difference of two tails (or 1 minus two tails when a &lt; 0 &lt;
     * b), so its scale is the sum of those tails.
     */
    private record Scales(double secondMoment, double derivative, double clipped, double dq) {
        static Scales of(Activation act, double q) {
            int sides = act.kind().odd() ? 2 : 1;
            double s = Math.sqrt(q);
            double a = act.threshold() / s;
            double b = (act.threshold() + act.clip()) / s;
            double massScale = massScale(a, b);
            double pb = Double.isFinite(b) ? Gaussian.pdf(b) : 0;
            double mb = Double.isFinite(b) ? act.clip() * act.clip() * Gaussian.upperTail(b) : 0;
            double second = q
                            * ((1 + a * a) * massScale
                                    + a * Gaussian.pdf(a)
                                    + (Double.isFinite(b) ? Math.abs(2 * a - b) * pb : 0))
                    + mb;
            double dq = massScale + (Double.isFinite(b) ? (b - a) * pb : 0);
            return new Scales(sides * second, sides * massScale, sides * Gaussian.upperTail(b), sides * dq);
        }

        static double meanScale(Activation act, double mu, double sigma) {
            double scale = oneSidedMeanScale(act.threshold(), act.clip(), mu, sigma);
            return act.kind().odd() ? scale + oneSidedMeanScale(act.threshold(), act.clip(), -mu, sigma) : scale;
        }

        private static double oneSidedMeanScale(double tau, double m, double mu, double sigma) {
            double alpha = (tau - mu) / sigma;
            double beta = (tau + m - mu) / sigma;
            double scale = Math.abs(mu - tau) * massScale(alpha, beta) + sigma * Gaussian.pdf(alpha);
            return Double.isFinite(beta) ? scale + sigma * Gaussian.pdf(beta) + m * Gaussian.upperTail(beta) : scale;
        }

        private static double massScale(double a, double b) {
            if (a >= 0) {
                return Gaussian.upperTail(a) + Gaussian.upperTail(b);
            }
            if (b <= 0) {
                return Gaussian.cdf(a) + Gaussian.cdf(b);
            }
            return 1;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Moments against Monte Carlo

    /**
     * Monte Carlo sample size: 5 standard errors are then about 2.2% of the quantity's standard
     * deviation, and the whole test runs in a few seconds.
     */
    private static final int MC_SAMPLES = 50_000;
    /**
     * A sample standard error is only trustworthy when enough samples see the event that makes the
     * quantity vary; with fewer than this many samples away from the quantity's commonest value (a far
     * tail at q = 0.1, for instance) the comparison is skipped and the quadrature test stands alone.
     */
    private static final int MC_MIN_INFORMATIVE = 100;

    /** Running mean and variance (Welford) with counts of a few atoms of the distribution. */
    private static final class Sample {
        private final double[] atoms;
        private final int[] atomCounts;
        private int n;
        private double mean;
        private double m2;

        Sample(double... atoms) {
            this.atoms = atoms;
            this.atomCounts = new int[atoms.length];
        }

        void add(double v) {
            n++;
            double delta = v - mean;
            mean += delta / n;
            m2 += delta * (v - mean);
            for (int i = 0; i < atoms.length; i++) {
                if (v == atoms[i]) {
                    atomCounts[i]++;
                }
            }
        }

        double standardError() {
            return Math.sqrt(m2 / (n - 1) / n);
        }

        /** Samples away from the commonest atom. */
        int informative() {
            int most = 0;
            for (int c : atomCounts) {
                most = Math.max(most, c);
            }
            return n - most;
        }
    }

    private int mcChecks;
    private int mcSkipped;

    private void checkMonteCarlo(String what, Sample sample, double closedForm) {
        if (sample.informative() < MC_MIN_INFORMATIVE) {
            mcSkipped++;
            return;
        }
        mcChecks++;
        // Five standard errors, computed from the sample itself.
        Tolerance.abs(5 * sample.standardError()).check(what + " (Monte Carlo)", sample.mean, closedForm);
    }

    @Test
    void momentsMatchMonteCarlo() {
        double[] z = new double[MC_SAMPLES];
        Random normals = new Random(4242L);
        for (int i = 0; i < z.length; i++) {
            z[i] = normals.nextGaussian();
        }
        for (Activation act : grid()) {
            double m = act.clip();
            for (double q : QS) {
                double s = Math.sqrt(q);
                Sample second = new Sample(0, m * m);
                Sample derivative = new Sample(0, 1);
                Sample zero = new Sample(0, 1);
                Sample clipped = new Sample(0, 1);
                for (double zi : z) {
                    double x = s * zi;
                    double y = act.apply(x); // the production pointwise functions, checked above
                    second.add(y * y);
                    derivative.add(square(act.derivative(x)));
                    zero.add(act.isExactZero(x) ? 1 : 0);
                    clipped.add(Math.abs(y) == m ? 1 : 0);
                }
                String id = act.describe() + " q=" + q;
                checkMonteCarlo(id + " E[phi^2]", second, act.secondMoment(q));
                checkMonteCarlo(id + " E[phi'^2]", derivative, act.derivativeSecondMoment(q));
                checkMonteCarlo(id + " P(phi=0)", zero, act.zeroProbability(q));
                if (act.kind().clipped()) { // unclipped: exactly 0 (identitiesFromTheTheory)
                    checkMonteCarlo(id + " P(|phi|=m)", clipped, act.clippedProbability(q));
                }
            }
            for (double mu : MUS) {
                for (double sigma : new double[] {0.5, 2.2}) {
                    Sample mean = new Sample(0, m, -m);
                    for (double zi : z) {
                        mean.add(act.apply(mu + sigma * zi));
                    }
                    checkMonteCarlo(act.describe() + " mean(" + mu + ", " + sigma + ")", mean, act.mean(mu, sigma));
                }
            }
        }
        // The skips (far tails) must stay the exception, or this test would check little.
        assertTrue(mcChecks >= 3 * mcSkipped, mcChecks + " Monte Carlo checks, " + mcSkipped + " skipped");
    }

    // ---------------------------------------------------------------------------------------------
    // q-derivatives against finite differences

    /**
     * Step for differences in q: every closed form depends on q through a = τ/√q and b = (τ + m)/√q,
     * and d/dq of a Gaussian factor p(a) brings a²/(2q), so the functions vary on the scale q/κ with κ
     * = 1 + a² + b² (b finite). Steps are a fixed fraction of that scale.
     */
    private static double qScale(Activation act, double q) {
        double a2 = act.threshold() * act.threshold() / q;
        double outer = act.threshold() + act.clip();
        double b2 = Double.isFinite(outer) ? outer * outer / q : 0;
        return q / (1 + a2 + b2);
    }

    @Test
    void secondMomentDqMatchesFiniteDifferences() {
        for (Activation act : grid()) {
            for (double q : QS) {
                // Richardson-extrapolated central difference R = (4·D(h/2) − D(h))/3, D(h) = (S(q+h) −
                // S(q−h))/(2h): truncation O((h/scale)^4) ≈ 1e-12 relative at h = 1e-3·scale; rounding:
                // each S is good to TERM_RTOL of its term sum, and R weighs the four values by at most
                // 3/h in all, so 3·TERM_RTOL·scale(S)/h absolute.
                double h = 1e-3 * qScale(act, q);
                DoubleUnaryOperator s = act::secondMoment;
                double fd = richardsonFirst(s, q, h);
                double rounding = 3 * TERM_RTOL * Scales.of(act, q).secondMoment / h;
                new Tolerance(rounding, 1e-10)
                        .check(act.describe() + " q=" + q + " dE[phi^2]/dq", fd, act.secondMomentDq(q));
            }
        }
    }

    @Test
    void secondMomentDq2MatchesFiniteDifferences() {
        for (Activation act : grid()) {
            for (double q : QS) {
                String id = act.describe() + " q=" + q;
                // (a) Second difference of S itself, Richardson-extrapolated: a larger step (1e-2 of the
                // scale) because rounding now enters as 1/h²: the weights of R total 68/(3h²), so
                // 23·TERM_RTOL·scale(S)/h² absolute; truncation O((h/scale)^4) ≈ 1e-8 relative.
                double h2 = 1e-2 * qScale(act, q);
                double fd2 = richardsonSecond(act::secondMoment, q, h2);
                double rounding2 = 23 * TERM_RTOL * Scales.of(act, q).secondMoment / (h2 * h2);
                new Tolerance(rounding2, 1e-7).check(id + " d2E[phi^2]/dq2 (from E)", fd2, act.secondMomentDq2(q));
                // (b) First difference of the closed-form first derivative, as in the Dq test: tighter,
                // and it ties the two derivative formulas together.
                double h1 = 1e-3 * qScale(act, q);
                double fd1 = richardsonFirst(act::secondMomentDq, q, h1);
                double rounding1 = 3 * TERM_RTOL * Scales.of(act, q).dq / h1;
                new Tolerance(rounding1, 1e-10).check(id + " d2E[phi^2]/dq2 (from dE/dq)", fd1, act.secondMomentDq2(q));
            }
        }
    }

    private static double richardsonFirst(DoubleUnaryOperator f, double x, double h) {
        double big = (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
        double small = (f.applyAsDouble(x + h / 2) - f.applyAsDouble(x - h / 2)) / h;
        return (4 * small - big) / 3;
    }

    private static double richardsonSecond(DoubleUnaryOperator f, double x, double h) {
        double fx = f.applyAsDouble(x);
        double big = (f.applyAsDouble(x + h) - 2 * fx + f.applyAsDouble(x - h)) / (h * h);
        double small = (f.applyAsDouble(x + h / 2) - 2 * fx + f.applyAsDouble(x - h / 2)) / (h * h / 4);
        return (4 * small - big) / 3;
    }

    // ---------------------------------------------------------------------------------------------
    // Identities from the theory, and argument checks

    @Test
    void identitiesFromTheTheory() {
        Tolerance exact = Tolerance.abs(0);
        for (double q : QS) {
            Activation relu = ActivationKind.RELU.create(0, INF);
            // E[relu(√qZ)²] = q/2: the closed form evaluates q·(Φ̄(0) = 1/2 exactly).
            exact.check("relu E[phi^2] q=" + q, q / 2, relu.secondMoment(q));
            exact.check("relu E[phi'^2] q=" + q, 0.5, relu.derivativeSecondMoment(q));
            exact.check("relu P(phi=0) q=" + q, 0.5, relu.zeroProbability(q));
            exact.check("relu d2E/dq2 q=" + q, 0, relu.secondMomentDq2(q));
            for (double tau : TAUS) {
                // Unclipped: E[φφ''] = 0, so dE[φ²]/dq = E[φ'²] (the same closed form, bit for bit).
                for (ActivationKind kind : List.of(ActivationKind.RELU_TAU, ActivationKind.ST)) {
                    Activation act = kind.create(tau, INF);
                    exact.check(
                            act.describe() + " dE/dq = E[phi'^2] q=" + q,
                            act.derivativeSecondMoment(q),
                            act.secondMomentDq(q));
                    exact.check(act.describe() + " P(|phi|=m) q=" + q, 0, act.clippedProbability(q));
                }
                // The soft-threshold moments are twice the one-sided ones (doubling is exact).
                for (double m : new double[] {INF, 0.2, 1, 3.1}) {
                    Activation one = (m == INF ? ActivationKind.RELU_TAU : ActivationKind.CRELU).create(tau, m);
                    Activation two = (m == INF ? ActivationKind.ST : ActivationKind.CST).create(tau, m);
                    String id = two.describe() + " vs " + one.describe() + " q=" + q;
                    exact.check(id + " E[phi^2]", 2 * one.secondMoment(q), two.secondMoment(q));
                    exact.check(id + " E[phi'^2]", 2 * one.derivativeSecondMoment(q), two.derivativeSecondMoment(q));
                    exact.check(id + " dE/dq", 2 * one.secondMomentDq(q), two.secondMomentDq(q));
                    exact.check(id + " d2E/dq2", 2 * one.secondMomentDq2(q), two.secondMomentDq2(q));
                    exact.check(id + " P(|phi|=m)", 2 * one.clippedProbability(q), two.clippedProbability(q));
                    // An odd φ has mean 0 under a centred Gaussian: g.mean(0,σ) − g.mean(0,σ) = 0.
                    exact.check(id + " mean(0, sqrt q)", 0, two.mean(0, Math.sqrt(q)));
                }
            }
        }
    }

    @Test
    void momentsRejectBadArguments() {
        for (Activation act : grid()) {
            for (double q : new double[] {0, -0.0, -1, Double.NaN, INF}) {
                String id = act.describe() + " q=" + q;
                assertThrows(IllegalArgumentException.class, () -> act.secondMoment(q), id);
                assertThrows(IllegalArgumentException.class, () -> act.derivativeSecondMoment(q), id);
                assertThrows(IllegalArgumentException.class, () -> act.secondMomentDq(q), id);
                assertThrows(IllegalArgumentException.class, () -> act.secondMomentDq2(q), id);
                assertThrows(IllegalArgumentException.class, () -> act.zeroProbability(q), id);
                assertThrows(IllegalArgumentException.class, () -> act.clippedProbability(q), id);
            }
            String id = act.describe();
            assertThrows(IllegalArgumentException.class, () -> act.mean(0, -1), id);
            assertThrows(IllegalArgumentException.class, () -> act.mean(0, Double.NaN), id);
            assertThrows(IllegalArgumentException.class, () -> act.mean(Double.NaN, 1), id);
            assertThrows(IllegalArgumentException.class, () -> act.mean(INF, 1), id);
            assertThrows(IllegalArgumentException.class, () -> act.mean(-INF, 1), id);
        }
    }
}
