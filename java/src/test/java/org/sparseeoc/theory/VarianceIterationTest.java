package org.sparseeoc.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparseeoc.activation.ActivationKind;

class VarianceIterationTest {
    private static EocInit init(ActivationKind kind, double s, Clip clip) {
        return EocSolver.solve(EocRequest.of(kind, s, clip));
    }

    @Test
    void shiftedReluAboveQStarBlowsUpWithinFiftyLayers() {
        VarianceIteration it = VarianceIteration.run(init(ActivationKind.RELU_TAU, 0.85, new Clip.None()), 1.1, 50);
        assertEquals(VarianceIteration.Outcome.DIVERGED, it.outcome());
        assertTrue(it.lastLayer() < 50, "diverged at layer " + it.lastLayer());
        assertTrue(it.finalVariance() > VarianceIteration.DIVERGENCE_FACTOR, it.toString());
        double[] q = it.trajectory();
        for (int l = 1; l < q.length; l++) {
            assertTrue(q[l] > q[l - 1], "variance grows at every layer: q[" + l + "] = " + q[l]);
        }
    }

    @Test
    void clippedReluReturnsToQStar() {
        VarianceIteration it = VarianceIteration.run(init(ActivationKind.CRELU, 0.85, new Clip.Relative(1)), 1.1, 50);
        assertEquals(VarianceIteration.Outcome.RETURNED_TO_QSTAR, it.outcome());
        assertEquals(50, it.lastLayer());
        assertEquals(1.0, it.finalVariance(), 1e-9);
        VarianceIteration fromFar =
                VarianceIteration.run(init(ActivationKind.CST, 0.85, new Clip.Relative(1)), 150.0, 50);
        assertEquals(VarianceIteration.Outcome.RETURNED_TO_QSTAR, fromFar.outcome());
    }

    @Test
    void shiftedReluBelowQStarCreepsBackSlowly() {
        // Semi-stable from below: V(q) − q ≈ V''/2 (q − q*)², so the gap closes like 1/l, not geometrically.
        VarianceIteration it = VarianceIteration.run(init(ActivationKind.RELU_TAU, 0.85, new Clip.None()), 0.9, 50);
        assertEquals(VarianceIteration.Outcome.ENDED_ELSEWHERE, it.outcome());
        double[] q = it.trajectory();
        for (int l = 1; l < q.length; l++) {
            assertTrue(q[l] > q[l - 1] && q[l] < 1.0, "q[" + l + "] = " + q[l] + " rises towards q* from below");
        }
    }

    @Test
    void clipAboveCriticalSettlesAtTheSecondFixedPoint() {
        EocInit init = init(ActivationKind.CRELU, 0.85, new Clip.Relative(2.5));
        VarianceIteration it = VarianceIteration.run(init, 1.1, 400);
        assertEquals(VarianceIteration.Outcome.ENDED_ELSEWHERE, it.outcome());
        FixedPoint stable = Stability.analyse(init).extraFixedPoints().get(1);
        assertEquals(stable.q(), it.finalVariance(), 1e-6 * stable.q());
    }

    @Test
    void rejectsBadArguments() {
        EocInit init = init(ActivationKind.CRELU, 0.85, new Clip.Relative(1));
        assertThrows(IllegalArgumentException.class, () -> VarianceIteration.run(init, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> VarianceIteration.run(init, 1, -1));
        assertEquals(1, VarianceIteration.run(init, 1.1, 0).trajectory().length);
    }
}
