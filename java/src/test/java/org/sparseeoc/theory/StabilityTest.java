package org.sparseeoc.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.testing.Tolerance;

class StabilityTest {
    private static StabilityVerdict verdict(ActivationKind kind, double s, Clip clip) {
        return Stability.analyse(EocSolver.solve(EocRequest.of(kind, s, clip)));
    }

    @Test
    void classifiesTheFixedPoint() {
        assertEquals(
                FixedPointClass.SEMI_STABLE,
                verdict(ActivationKind.RELU_TAU, 0.85, new Clip.None()).qStarClass());
        assertEquals(
                FixedPointClass.SEMI_STABLE,
                verdict(ActivationKind.ST, 0.6, new Clip.None()).qStarClass());
        assertEquals(
                FixedPointClass.ATTRACTING,
                verdict(ActivationKind.CRELU, 0.85, new Clip.Relative(1)).qStarClass());
        assertEquals(
                FixedPointClass.ATTRACTING,
                verdict(ActivationKind.CST, 0.9, new Clip.Relative(1)).qStarClass());
        StabilityVerdict relu = verdict(ActivationKind.RELU, 0.5, new Clip.None());
        assertEquals(FixedPointClass.MARGINAL, relu.qStarClass());
        assertTrue(relu.identityMap(), "relu at EoC has V(q) = q");
        assertThrows(IllegalStateException.class, () -> Stability.classify(1.1, 0, 1));
    }

    @Test
    void unclippedAndModeratelyClippedHaveNoOtherFixedPoint() {
        for (StabilityVerdict v : List.of(
                verdict(ActivationKind.RELU_TAU, 0.85, new Clip.None()),
                verdict(ActivationKind.ST, 0.85, new Clip.None()),
                verdict(ActivationKind.CRELU, 0.85, new Clip.Relative(1)),
                verdict(ActivationKind.CST, 0.85, new Clip.Relative(1)))) {
            assertTrue(v.extraFixedPoints().isEmpty(), v.toString());
            assertFalse(v.identityMap());
        }
    }

    @Test
    void largeClipHasAnUnstableAndAStableFixedPointAboveQStar() {
        EocInit init = EocSolver.solve(EocRequest.of(ActivationKind.CRELU, 0.85, new Clip.Relative(2.5)));
        StabilityVerdict v = Stability.analyse(init);
        assertEquals(2, v.extraFixedPoints().size(), v.toString());
        FixedPoint unstable = v.extraFixedPoints().get(0);
        FixedPoint stable = v.extraFixedPoints().get(1);
        assertTrue(1 < unstable.q() && unstable.q() < stable.q() && stable.q() <= Stability.SCAN_MAX, v.toString());
        assertFalse(unstable.stable());
        assertTrue(stable.stable());
        assertTrue(v.hasExtraStableFixedPoint());
        for (FixedPoint p : v.extraFixedPoints()) {
            Tolerance.rel(1e-12).check("V(q) = q at " + p, p.q(), init.maps().variance(p.q()));
            Tolerance.abs(1e-12).check("slope at " + p, init.maps().varianceSlope(p.q()), p.slope());
        }
    }

    @ParameterizedTest
    @CsvSource({"crelu, 0.7", "crelu, 0.85", "crelu, 0.9", "cst, 0.5", "cst, 0.85", "cst, 0.95"})
    void secondFixedPointAppearsExactlyAtTheCriticalClip(String name, double s) {
        ActivationKind kind = ActivationKind.fromName(name);
        double critical = CriticalClip.find(kind, s);
        assertTrue(Double.isFinite(critical) && critical > 0, "m_c = " + critical);
        // Just above m_c a saddle-node pair exists (the pair is narrow, found by extremum refinement);
        // just below it, none does.
        StabilityVerdict above = verdict(kind, s, new Clip.Relative(critical * (1 + 1e-6)));
        StabilityVerdict below = verdict(kind, s, new Clip.Relative(critical * (1 - 1e-6)));
        assertEquals(2, above.extraFixedPoints().size(), "above m_c: " + above);
        assertTrue(above.hasExtraStableFixedPoint(), "above m_c: " + above);
        assertTrue(below.extraFixedPoints().isEmpty(), "below m_c: " + below);
        assertEquals(FixedPointClass.ATTRACTING, below.qStarClass());
    }

    @ParameterizedTest
    @CsvSource({"0.5", "0.7", "0.85", "0.9"})
    void softThresholdAtSMatchesShiftedReluAtHalfOnePlusS(double s) {
        // CST at s has the same a = Φ⁻¹((1+s)/2) as CReLU at (1+s)/2 and every moment doubles while
        // σ_w² halves, so their variance maps coincide and so do their critical clips.
        Tolerance.rel(1e-8)
                .check(
                        "m_c(cst, " + s + ")",
                        CriticalClip.find(ActivationKind.CRELU, (1 + s) / 2),
                        CriticalClip.find(ActivationKind.CST, s));
    }

    @Test
    void criticalClipFallsWithSparsity() {
        double previous = Double.POSITIVE_INFINITY;
        for (double s : new double[] {0.55, 0.7, 0.85, 0.9, 0.95, 0.99}) {
            double critical = CriticalClip.find(ActivationKind.CRELU, s);
            assertTrue(critical < previous, "m_c(" + s + ") = " + critical + " not below " + previous);
            previous = critical;
        }
        // At s = 1/2 the clipped relu lies below the identity map for every clip: no bifurcation.
        assertEquals(Double.POSITIVE_INFINITY, CriticalClip.find(ActivationKind.CRELU, 0.5));
    }

    @ParameterizedTest
    @CsvSource({"crelu, 0.5", "crelu, 0.85", "crelu, 0.95", "cst, 0.3", "cst, 0.85"})
    void recommendedClipLiesBelowCriticalAndFollowsTheRule(String name, double s) {
        ActivationKind kind = ActivationKind.fromName(name);
        ClipAdvice advice = CriticalClip.advise(kind, s);
        assertTrue(advice.recommendedClip() < advice.criticalClip(), advice.toString());
        EocInit init = EocSolver.solve(EocRequest.of(kind, s, new Clip.Relative(advice.recommendedClip())));
        assertTrue(init.varianceSlope() <= ClipAdvice.MAX_SLOPE + 1e-9, "V'(q*) = " + init.varianceSlope());
        assertTrue(Stability.analyse(init).extraFixedPoints().isEmpty());
        double halfCritical = advice.criticalClip() / 2;
        if (advice.recommendedClip() < halfCritical * (1 - 1e-9)) { // the slope cap is binding
            Tolerance.abs(1e-8).check("V'(q*) at the cap", ClipAdvice.MAX_SLOPE, init.varianceSlope());
        }
    }

    @Test
    void criticalClipRejectsUnclippedKinds() {
        InvalidRequestException e =
                assertThrows(InvalidRequestException.class, () -> CriticalClip.find(ActivationKind.RELU_TAU, 0.85));
        assertEquals("activation", e.field());
    }
}
