package org.sparseeoc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SparseBenchmark#breakEvenSparsity} on made-up curves whose crossing is known. */
class BreakEvenSparsityTest {
    /** A point of one curve: dense 1 ms, sparse 1 ms / speedup. */
    private static SparseBenchmark.Result point(double s, double speedup) {
        Timing dense = new Timing("dense", 1e6, 1e6, 1e6, 1, 1);
        Timing sparse = new Timing("sparse", 1e6 / speedup, 1e6 / speedup, 1e6 / speedup, 1, 1);
        return new SparseBenchmark.Result(300, 128, s, s, SparseBenchmark.Product.FORWARD, dense, sparse, 0);
    }

    @Test
    void crossingIsInterpolatedInLogSpeedupWhateverTheOrder() {
        // log speedup −ln 2 at s = 0.5 and +ln 2 at s = 0.7: the crossing is half way, at 0.6.
        List<SparseBenchmark.Result> curve =
                new ArrayList<>(List.of(point(0.9, 4), point(0.7, 2), point(0.5, 0.5), point(0, 0.2)));
        assertEquals(0.6, SparseBenchmark.breakEvenSparsity(curve), 1e-12);
        // A dip back below 1 later does not move the first crossing.
        curve.add(point(0.95, 0.9));
        assertEquals(0.6, SparseBenchmark.breakEvenSparsity(curve), 1e-12);
    }

    @Test
    void curvesThatNeverCrossOrStartAboveOne() {
        assertTrue(Double.isNaN(SparseBenchmark.breakEvenSparsity(List.of(point(0, 0.1), point(0.99, 0.8)))));
        assertEquals(0.0, SparseBenchmark.breakEvenSparsity(List.of(point(0, 1.2), point(0.5, 3))));
        assertEquals(0.5, SparseBenchmark.breakEvenSparsity(List.of(point(0.3, 0.5), point(0.5, 1.0))), 1e-12);
    }
}
