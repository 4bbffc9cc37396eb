package org.sparseeoc.activation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparseeoc.testing.Tolerance;

/**
 * The profile's own checks and kink conventions; its closed forms are tested through every
 * activation in ActivationTest.
 */
class OneSidedProfileTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void validateAcceptsTheValidRanges() {
        assertDoesNotThrow(() -> OneSidedProfile.validate(0, INF, false));
        assertDoesNotThrow(() -> OneSidedProfile.validate(2.5, INF, false));
        assertDoesNotThrow(() -> OneSidedProfile.validate(0, Double.MIN_VALUE, true));
        assertDoesNotThrow(() -> OneSidedProfile.validate(1.2, 3.1, true));
    }

    @Test
    void validateNamesTheOffendingParameter() {
        String[][] cases = {
            // tau, m, clipped?, expected fragment
            {"-0.1", "Infinity", "false", "threshold tau"},
            {"NaN", "1", "true", "threshold tau"},
            {"Infinity", "1", "true", "threshold tau"},
            {"0.3", "0", "true", "clip m must be > 0"},
            {"0.3", "-2", "true", "clip m must be > 0"},
            {"0.3", "NaN", "true", "clip m must be > 0"},
            {"0.3", "Infinity", "true", "must be finite"},
            {"0.3", "1", "false", "only for crelu and cst"},
        };
        for (String[] c : cases) {
            double tau = Double.parseDouble(c[0]);
            double m = Double.parseDouble(c[1]);
            boolean clipped = Boolean.parseBoolean(c[2]);
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> OneSidedProfile.validate(tau, m, clipped),
                    String.join(", ", c));
            assertTrue(e.getMessage().contains(c[3]), e.getMessage());
        }
    }

    @Test
    void recordConstructorsValidateLikeCreate() {
        assertThrows(IllegalArgumentException.class, () -> new ShiftedRelu(-1));
        assertThrows(IllegalArgumentException.class, () -> new SoftThreshold(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ClippedRelu(0.3, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClippedRelu(0.3, INF));
        assertThrows(IllegalArgumentException.class, () -> new ClippedSoftThreshold(-0.3, 1));
        assertThrows(IllegalArgumentException.class, () -> new ClippedSoftThreshold(0.3, -1));
    }

    @Test
    void derivativeIsZeroAtBothKinksAndOneStrictlyBetween() {
        Tolerance exact = Tolerance.abs(0); // 0/1 indicator
        OneSidedProfile g = new OneSidedProfile(0.3, 1.0);
        double outer = 0.3 + 1.0;
        exact.check("g'(tau)", 0, g.derivative(0.3));
        exact.check("g'(tau+m)", 0, g.derivative(outer));
        exact.check("g'(nextUp(tau))", 1, g.derivative(Math.nextUp(0.3)));
        exact.check("g'(nextDown(tau+m))", 1, g.derivative(Math.nextDown(outer)));
        exact.check("g(tau+m)", 1.0, g.value(outer)); // min(1.3 − 0.3, 1) = 1
        exact.check("g(nextUp(tau))", Math.nextUp(0.3) - 0.3, g.value(Math.nextUp(0.3)));
    }

    @Test
    void unclippedClippedProbabilityStillChecksTheVariance() {
        // Every moment rejects a bad variance, including this one when there is no clip (it used to
        // return 0 for any q).
        OneSidedProfile g = new OneSidedProfile(0.3, INF);
        Tolerance.abs(0).check("P(clipped) when unclipped", 0, g.clippedProbability(1));
        for (double q : new double[] {0, -1, Double.NaN, INF}) {
            assertThrows(IllegalArgumentException.class, () -> g.clippedProbability(q), "q=" + q);
        }
    }
}
