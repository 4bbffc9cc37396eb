package org.sparseeoc.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.math.Gaussian;
import org.sparseeoc.testing.Tolerance;

class EocSolverTest {
    /** The reference table is printed to 6 decimals: half a unit in the last place. */
    private static final Tolerance TABLE = Tolerance.abs(5e-7);

    /** EoC conditions hold to rounding: the solve divides and subtracts O(1) numbers once. */
    private static final Tolerance EOC = Tolerance.abs(1e-12);

    static Stream<Arguments> referenceTable() {
        // act, s, m~, tau, sigma_w^2, sigma_b^2, V'(q*)   (q* = 1; docs/THEORY.md)
        return Stream.of(
                Arguments.of(ActivationKind.RELU_TAU, 0.85, Double.NaN, 1.036433, 6.666667, 0.536829, 1.0),
                Arguments.of(ActivationKind.ST, 0.85, Double.NaN, 1.439531, 6.666667, 0.644729, 1.0),
                Arguments.of(ActivationKind.CRELU, 0.85, 1.0, 1.036433, 7.743140, 0.621340, 0.611578),
                Arguments.of(ActivationKind.CST, 0.85, 1.0, 1.439531, 7.391328, 0.699130, 0.699149),
                Arguments.of(ActivationKind.CRELU, 0.7, 1.0, 0.524401, 4.231986, 0.478268, 0.471739));
    }

    @ParameterizedTest
    @MethodSource("referenceTable")
    void reproducesReferenceTable(
            ActivationKind kind, double s, double clip, double tau, double sw2, double sb2, double slope) {
        EocInit init = EocSolver.solve(EocRequest.of(kind, s, clipOf(kind, clip)));
        String row = kind.cliName() + " s=" + s;
        TABLE.check(row + " tau", tau, init.activation().threshold());
        TABLE.check(row + " sigma_w^2", sw2, init.weightVariance());
        TABLE.check(row + " sigma_b^2", sb2, init.biasVariance());
        TABLE.check(row + " V'(q*)", slope, init.varianceSlope());
    }

    static List<EocRequest> grid() {
        List<EocRequest> requests = new ArrayList<>();
        for (double qStar : new double[] {0.25, 1.0, 3.7}) {
            requests.add(new EocRequest(ActivationKind.RELU, 0.5, new Clip.None(), qStar));
            for (double s : new double[] {0.5, 0.6, 0.7, 0.85, 0.9, 0.95, 0.99}) {
                requests.add(new EocRequest(ActivationKind.RELU_TAU, s, new Clip.None(), qStar));
                requests.add(new EocRequest(ActivationKind.ST, s, new Clip.None(), qStar));
                for (double clip : new double[] {0.3, 1.0, 2.2}) {
                    requests.add(new EocRequest(ActivationKind.CRELU, s, new Clip.Relative(clip), qStar));
                    requests.add(new EocRequest(ActivationKind.CST, s, new Clip.Relative(clip), qStar));
                }
            }
            requests.add(new EocRequest(ActivationKind.CST, 0.2, new Clip.Relative(1.0), qStar));
            requests.add(new EocRequest(ActivationKind.ST, 0.1, new Clip.None(), qStar));
        }
        return requests;
    }

    @ParameterizedTest
    @MethodSource("grid")
    void fixedPointAndChi1AreExact(EocRequest request) {
        EocInit init = EocSolver.solve(request);
        double qStar = request.qStar();
        String what = request.toString();
        EOC.check(what + " V(q*)/q*", 1.0, init.maps().variance(qStar) / qStar);
        EOC.check(what + " chi_1", 1.0, init.chi1());
        EOC.check(what + " R(1)", 1.0, init.maps().correlation(1.0, qStar));
        Tolerance.abs(1e-14)
                .check(what + " P(zero)", request.sparsity(), init.activation().zeroProbability(qStar));
        assertTrue(init.biasVariance() >= 0, what + " sigma_b^2 >= 0");
    }

    @ParameterizedTest
    @MethodSource("grid")
    void slopeIsOneExactlyWhenUnclippedAndBelowOneWhenClipped(EocRequest request) {
        EocInit init = EocSolver.solve(request);
        double qStar = request.qStar();
        double a = init.activation().threshold() / Math.sqrt(qStar);
        int sides = request.kind().odd() ? 2 : 1;
        String what = request.toString();
        if (request.kind().clipped()) {
            // V'(q*) = 1 − k σ_w² m̃ p(a + m̃) (docs/THEORY.md, "why clipping cures it").
            double clip = init.activation().clip() / Math.sqrt(qStar);
            double expected = 1 - sides * init.weightVariance() * clip * Gaussian.pdf(a + clip);
            EOC.check(what + " V'(q*)", expected, init.varianceSlope());
            assertTrue(init.varianceSlope() < 1, what + " V'(q*) < 1");
            assertTrue(init.varianceDepthScale() < Double.POSITIVE_INFINITY, what + " finite xi_q");
        } else {
            EOC.check(what + " V'(q*)", 1.0, init.varianceSlope());
            // V''(q*) = k σ_w² a p(a) / (2 q*): > 0 whenever τ > 0, 0 for plain relu.
            double expected = sides * init.weightVariance() * a * Gaussian.pdf(a) / (2 * qStar);
            new Tolerance(1e-14, 1e-12).check(what + " V''(q*)", expected, init.varianceCurvature());
            assertEquals(a > 0, init.varianceCurvature() > 0, what + " V'' > 0 iff tau > 0");
        }
    }

    @Test
    void onlySparsityAndRelativeClipMatter() {
        // Scaling (q*, τ, m, σ_b²) by (c, √c, √c, c) leaves σ_w², V'(q*) and R unchanged.
        double c = 4.0;
        EocInit unit = EocSolver.solve(EocRequest.of(ActivationKind.CST, 0.9, new Clip.Relative(0.8)));
        EocInit scaled = EocSolver.solve(new EocRequest(ActivationKind.CST, 0.9, new Clip.Relative(0.8), c));
        Tolerance tol = new Tolerance(1e-14, 1e-12);
        tol.check("sigma_w^2", unit.weightVariance(), scaled.weightVariance());
        tol.check(
                "tau",
                Math.sqrt(c) * unit.activation().threshold(),
                scaled.activation().threshold());
        tol.check(
                "m",
                Math.sqrt(c) * unit.activation().clip(),
                scaled.activation().clip());
        tol.check("sigma_b^2", c * unit.biasVariance(), scaled.biasVariance());
        tol.check("V'(q*)", unit.varianceSlope(), scaled.varianceSlope());
        tol.check("q* V''(q*)", unit.varianceCurvature(), c * scaled.varianceCurvature());
        tol.check("R(0)", unit.correlationAtZero(), scaled.correlationAtZero());
    }

    @Test
    void absoluteClipEqualsRelativeClipTimesRootQStar() {
        EocInit relative = EocSolver.solve(new EocRequest(ActivationKind.CRELU, 0.85, new Clip.Relative(0.5), 4.0));
        EocInit absolute = EocSolver.solve(new EocRequest(ActivationKind.CRELU, 0.85, new Clip.Absolute(1.0), 4.0));
        assertEquals(relative.activation(), absolute.activation());
        assertEquals(relative.weightVariance(), absolute.weightVariance());
    }

    @Test
    void plainReluIsTheHeInitWithoutBias() {
        EocInit init = EocSolver.solve(EocRequest.of(ActivationKind.RELU, 0.5, new Clip.None()));
        assertEquals(2.0, init.weightVariance(), 1e-15);
        assertEquals(0.0, init.biasVariance());
        assertEquals(1 / Math.PI, init.correlationAtZero(), 1e-15); // σ_w² E[φ]² = 2 (1/√(2π))²
    }

    @Test
    void depthScaleFollowsSlope() {
        assertEquals(Double.POSITIVE_INFINITY, EocSolver.depthScale(1.0));
        assertEquals(0.0, EocSolver.depthScale(0.0));
        assertEquals(-1 / Math.log(0.5), EocSolver.depthScale(0.5), 1e-15);
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of(
                        "sparsity", (Runnable) () -> EocRequest.of(ActivationKind.CRELU, 0.0, new Clip.Relative(1))),
                Arguments.of(
                        "sparsity", (Runnable) () -> EocRequest.of(ActivationKind.CRELU, 1.0, new Clip.Relative(1))),
                Arguments.of(
                        "sparsity", (Runnable) () -> EocRequest.of(ActivationKind.CST, -0.2, new Clip.Relative(1))),
                Arguments.of("sparsity", (Runnable)
                        () -> EocRequest.of(ActivationKind.CST, Double.NaN, new Clip.Relative(1))),
                Arguments.of("sparsity", (Runnable) () -> EocRequest.of(ActivationKind.RELU_TAU, 0.4, new Clip.None())),
                Arguments.of(
                        "sparsity", (Runnable) () -> EocRequest.of(ActivationKind.CRELU, 0.3, new Clip.Relative(1))),
                Arguments.of("sparsity", (Runnable) () -> EocRequest.of(ActivationKind.RELU, 0.7, new Clip.None())),
                Arguments.of("clip", (Runnable) () -> EocRequest.of(ActivationKind.CRELU, 0.85, new Clip.Relative(0))),
                Arguments.of("clip", (Runnable) () -> EocRequest.of(ActivationKind.CST, 0.85, new Clip.Relative(-1))),
                Arguments.of("clip", (Runnable)
                        () -> EocRequest.of(ActivationKind.CST, 0.85, new Clip.Absolute(Double.POSITIVE_INFINITY))),
                Arguments.of("clip", (Runnable) () -> EocRequest.of(ActivationKind.CRELU, 0.85, new Clip.None())),
                Arguments.of(
                        "clip", (Runnable) () -> EocRequest.of(ActivationKind.RELU_TAU, 0.85, new Clip.Relative(1))),
                Arguments.of("qstar", (Runnable) () -> new EocRequest(ActivationKind.ST, 0.85, new Clip.None(), 0)),
                Arguments.of("qstar", (Runnable) () -> new EocRequest(ActivationKind.ST, 0.85, new Clip.None(), -1)),
                Arguments.of(
                        "qstar", (Runnable) () -> new EocRequest(ActivationKind.ST, 0.85, new Clip.None(), Double.NaN)),
                Arguments.of("activation", (Runnable) () -> EocRequest.of(null, 0.85, new Clip.None())));
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    void invalidRequestsNameTheirField(String field, Runnable request) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, request::run);
        assertEquals(field, e.field());
        assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void clipTooSmallToPassGradientIsRejected() {
        InvalidRequestException e = assertThrows(
                InvalidRequestException.class,
                () -> EocSolver.solve(EocRequest.of(ActivationKind.CRELU, 0.85, new Clip.Relative(1e-30))));
        assertEquals("clip", e.field());
    }

    @Test
    void reluFamilyBelowHalfSparsityExplainsTheNegativeBiasVariance() {
        InvalidRequestException e = assertThrows(
                InvalidRequestException.class, () -> EocRequest.of(ActivationKind.RELU_TAU, 0.3, new Clip.None()));
        assertEquals("sparsity", e.field());
        assertTrue(e.getMessage().contains("sigma_b^2 < 0"), e.getMessage());
    }

    private static Clip clipOf(ActivationKind kind, double clip) {
        return kind.clipped() ? new Clip.Relative(clip) : new Clip.None();
    }
}
