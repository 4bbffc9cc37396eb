package org.sparseeoc.theory;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.math.Gaussian;
import org.sparseeoc.testing.Tolerance;

class MeanFieldMapsTest {
    static List<EocInit> inits() {
        return List.of(
                EocSolver.solve(EocRequest.of(ActivationKind.RELU, 0.5, new Clip.None())),
                EocSolver.solve(EocRequest.of(ActivationKind.RELU_TAU, 0.85, new Clip.None())),
                EocSolver.solve(EocRequest.of(ActivationKind.ST, 0.7, new Clip.None())),
                EocSolver.solve(new EocRequest(ActivationKind.CRELU, 0.85, new Clip.Relative(1.0), 2.0)),
                EocSolver.solve(EocRequest.of(ActivationKind.CST, 0.9, new Clip.Relative(0.6))),
                EocSolver.solve(EocRequest.of(ActivationKind.CRELU, 0.6, new Clip.Relative(2.5))));
    }

    /**
     * Independent check of E[φ(u₁)φ(u₂)]: the Hermite series Σ c_k² ρ^k with c_k the normalised
     * Hermite coefficients of z ↦ φ(√q z), which are closed-form for piecewise-linear φ (Stein's
     * lemma: c_k = √q·∫_a^b He_{k−1} p /√(k!) per side, and ∫_a^b He_j p = He_{j−1}p |_b^a).
     */
    @ParameterizedTest
    @MethodSource("inits")
    void correlationMapMatchesHermiteSeries(EocInit init) {
        double q = init.qStar();
        double[] c = hermiteCoefficients(init.activation(), q, 6000);
        // Truncating at 6000 terms leaves < 1e-14 for |ρ| ≤ 0.99; the quadrature targets 1e-13·q.
        Tolerance tol = Tolerance.abs(1e-11);
        for (double rho : new double[] {-0.99, -0.9, -0.5, -0.1, 0.0, 0.3, 0.7, 0.9, 0.99}) {
            double series = 0;
            double power = 1;
            for (double ck : c) {
                series += ck * ck * power;
                power *= rho;
            }
            double expected = (init.weightVariance() * series + init.biasVariance()) / q;
            tol.check(
                    init.activation().describe() + " R(" + rho + ")",
                    expected,
                    init.maps().correlation(rho, q));
        }
    }

    @ParameterizedTest
    @MethodSource("inits")
    void correlationMapMatchesMonteCarlo(EocInit init) {
        double q = init.qStar();
        Activation phi = init.activation();
        SplittableRandom random = new SplittableRandom(20240216L);
        int n = 400_000;
        for (double rho : new double[] {-0.6, 0.2, 0.8}) {
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                double z1 = gaussian(random);
                double z2 = gaussian(random);
                double product = phi.apply(Math.sqrt(q) * z1)
                        * phi.apply(Math.sqrt(q) * (rho * z1 + Math.sqrt(1 - rho * rho) * z2));
                sum += product;
                sumSq += product * product;
            }
            double mean = sum / n;
            double standardError = Math.sqrt((sumSq / n - mean * mean) / n);
            // 5 standard errors of the sample mean, carried through R's affine map.
            double estimate = (init.weightVariance() * mean + init.biasVariance()) / q;
            Tolerance.abs(5 * standardError * init.weightVariance() / q)
                    .check(
                            phi.describe() + " R(" + rho + ") vs MC",
                            estimate,
                            init.maps().correlation(rho, q));
        }
    }

    @ParameterizedTest
    @MethodSource("inits")
    void correlationMapEndsAndSlope(EocInit init) {
        double q = init.qStar();
        MeanFieldMaps maps = init.maps();
        Tolerance.abs(1e-12).check("R(1)", maps.variance(q) / q, maps.correlation(1.0, q));
        double mean = init.activation().mean(0, Math.sqrt(q));
        Tolerance.abs(1e-14)
                .check("R(0)", (init.weightVariance() * mean * mean + init.biasVariance()) / q, maps.correlation(0, q));
        if (init.activation().kind().odd()) { // φ odd: E[φ(u)φ(−u)] = −E[φ²]
            double second = init.activation().secondMoment(q);
            Tolerance.abs(1e-12)
                    .check(
                            "R(-1)",
                            (init.biasVariance() - init.weightVariance() * second) / q,
                            maps.correlation(-1, q));
        }
        // R'(1) = χ₁; R(1) − R(1 − ε) = χ₁ε + O(ε^{3/2}) for kinked φ.
        double eps = 1e-6;
        Tolerance.abs(5e-3).check("R'(1)", maps.chi1(q), (maps.correlation(1, q) - maps.correlation(1 - eps, q)) / eps);
    }

    @ParameterizedTest
    @MethodSource("inits")
    void varianceDerivativesMatchFiniteDifferences(EocInit init) {
        MeanFieldMaps maps = init.maps();
        for (double q : new double[] {0.3, 1.0, 2.7, 11.0}) {
            double h = 1e-4 * q;
            // Central differences: truncation O(h²·V'''), rounding O(ε V / h); both ≲ 1e-7 here.
            double slope = (maps.variance(q + h) - maps.variance(q - h)) / (2 * h);
            double curvature = (maps.varianceSlope(q + h) - maps.varianceSlope(q - h)) / (2 * h);
            Tolerance tol = new Tolerance(1e-7, 1e-6);
            tol.check(init.activation().describe() + " V'(" + q + ")", slope, maps.varianceSlope(q));
            tol.check(init.activation().describe() + " V''(" + q + ")", curvature, maps.varianceCurvature(q));
        }
    }

    @Test
    void correlationMapIsScaleFree() {
        // R depends on (s, m̃) only, so it must evaluate, and agree, at any q* (tolerance scales with q).
        EocInit unit = EocSolver.solve(EocRequest.of(ActivationKind.CST, 0.85, new Clip.Relative(1.0)));
        for (double qStar : new double[] {1e-6, 1e6}) {
            EocInit scaled = EocSolver.solve(new EocRequest(ActivationKind.CST, 0.85, new Clip.Relative(1.0), qStar));
            for (double rho : new double[] {-0.7, 0.4, 0.95}) {
                Tolerance.abs(1e-11)
                        .check(
                                "R(" + rho + ") at q*=" + qStar,
                                unit.maps().correlation(rho, 1.0),
                                scaled.maps().correlation(rho, qStar));
            }
        }
    }

    @Test
    void rejectsBadArguments() {
        MeanFieldMaps maps = inits().get(3).maps();
        assertThrows(IllegalArgumentException.class, () -> maps.correlation(1.5, 1.0));
        assertThrows(IllegalArgumentException.class, () -> maps.correlation(0.5, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new MeanFieldMaps(maps.activation(), 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new MeanFieldMaps(maps.activation(), 1, -0.1));
    }

    /** Normalised Hermite coefficients c_0..c_{K−1} of z ↦ φ(√q z). */
    static double[] hermiteCoefficients(Activation phi, double q, int terms) {
        double sd = Math.sqrt(q);
        double a = phi.threshold() / sd;
        double b = (phi.threshold() + phi.clip()) / sd;
        double[] ha = normalisedHermite(a, terms);
        double[] hb = normalisedHermite(b, terms);
        double pa = Gaussian.pdf(a);
        double pb = Double.isInfinite(b) ? 0 : Gaussian.pdf(b);
        double[] c = new double[terms];
        c[0] = phi.mean(0, sd);
        c[1] = sd * Gaussian.mass(a, b);
        for (int k = 2; k < terms; k++) {
            double hbk = Double.isInfinite(b) ? 0 : hb[k - 2] * pb;
            c[k] = sd * (ha[k - 2] * pa - hbk) / Math.sqrt((double) k * (k - 1));
        }
        if (phi.kind().odd()) { // φ(x) = g(x) − g(−x): odd coefficients double, even ones cancel
            for (int k = 1; k < terms; k++) {
                c[k] = k % 2 == 1 ? 2 * c[k] : 0;
            }
        }
        return c;
    }

    /** h_n = He_n/√(n!) by the stable recurrence h_{n+1} = (x h_n − √n h_{n−1})/√(n+1). */
    private static double[] normalisedHermite(double x, int terms) {
        double[] h = new double[terms];
        if (Double.isInfinite(x)) {
            return h;
        }
        h[0] = 1;
        h[1] = x;
        for (int n = 1; n + 1 < terms; n++) {
            h[n + 1] = (x * h[n] - Math.sqrt(n) * h[n - 1]) / Math.sqrt(n + 1);
        }
        return h;
    }

    private static double gaussian(SplittableRandom random) {
        // Box–Muller on (0, 1]: one standard normal per call.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
