package org.sparseeoc.probe;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.nn.CnnShape;
import org.sparseeoc.nn.WeightDistribution;
import org.sparseeoc.testing.Tolerance;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.EocSolver;
import org.sparseeoc.theory.MeanFieldMaps;

/** The CNN's position-wise mean-field iteration against the MLP map and hand-counted taps. */
class ConvTheoryTest {
    private static final EocInit CRELU =
            EocSolver.solve(new EocRequest(ActivationKind.CRELU, 0.85, new Clip.Relative(1.0), 1.0));
    private static final MeanFieldMaps MAPS = CRELU.maps();

    private static CnnShape shape(int size, int kernel, int padding, List<Integer> downsample, int depth) {
        return new CnnShape(1, size, size, 8, depth, kernel, padding, downsample, 10);
    }

    @Test
    void aOneByOneImageIsTheMlpIteration() {
        CnnShape pointwise = shape(1, 1, 0, List.of(), 6);
        for (WeightDistribution weights : WeightDistribution.values()) {
            TheoryCurve conv = ConvTheory.iterate(MAPS, pointwise, weights, new double[][] {{1.3}}, new double[] {0.4});
            TheoryCurve mlp = TheoryCurve.iterate(MAPS, 1.3, 0.4 / 1.3, 6);
            for (int l = 0; l < 6; l++) {
                Tolerance.rel(1e-13).check(weights + " q" + l, mlp.q()[l], conv.q()[l]);
                Tolerance.abs(1e-13).check(weights + " zeros" + l, mlp.zeros()[l], conv.zeros()[l]);
                Tolerance.abs(1e-13).check(weights + " clipped" + l, mlp.clipped()[l], conv.clipped()[l]);
                Tolerance.abs(1e-12).check(weights + " rho" + l, mlp.rho()[l], conv.rho()[l]);
            }
        }
    }

    @Test
    void gaussianFiltersLoseTheTapsThatReadPadding() {
        // 3×3 image at q* everywhere, k = 3, p = 1: corners keep 4 of 9 taps, edges 6, the centre 9,
        // so the mean variance of layer 1 is σ_b² + (q* − σ_b²)·(4·4 + 4·6 + 9)/81.
        double qStar = CRELU.qStar();
        double b = MAPS.biasVariance();
        double[] q0 = filled(9, qStar);
        TheoryCurve curve = ConvTheory.iterate(
                MAPS, shape(3, 3, 1, List.of(), 2), WeightDistribution.GAUSSIAN, new double[][] {q0, q0}, q0);
        Tolerance.rel(1e-13).check("q0", qStar, curve.q()[0]);
        Tolerance.rel(1e-12).check("q1", b + (qStar - b) * 49 / 81, curve.q()[1]);
        // Stride 2 on 4×4 → 2×2 outputs reading 4, 6, 6 and 9 taps.
        TheoryCurve strided = ConvTheory.iterate(
                MAPS,
                shape(4, 3, 1, List.of(1), 2),
                WeightDistribution.GAUSSIAN,
                new double[][] {filled(16, qStar)},
                filled(16, 0));
        Tolerance.rel(1e-12).check("strided q1", b + (qStar - b) * 25 / 36, strided.q()[1]);
    }

    @Test
    void deltaOrthogonalKeepsEveryPositionOnItsOwnMlpIteration() {
        double[] q0 = {0.5, 1.0, 1.5, 2.0, 0.0, 3.0, 0.8, 1.2, 1.0};
        double[] c0 = new double[9];
        for (int i = 0; i < 9; i++) {
            c0[i] = 0.3 * q0[i];
        }
        int depth = 5;
        TheoryCurve conv = ConvTheory.iterate(
                MAPS, shape(3, 3, 1, List.of(), depth), WeightDistribution.ORTHOGONAL, new double[][] {q0}, c0);
        for (int l = 0; l < depth; l++) {
            double q = 0;
            double zeros = 0;
            for (double start : q0) {
                // A position with q = 0 gets σ_b² from the next layer on.
                double[] path = start == 0
                        ? mlpFromZero(depth)
                        : TheoryCurve.iterate(MAPS, start, 0.3, depth).q();
                q += path[l] / 9;
                zeros += (path[l] == 0 ? 1 : MAPS.activation().zeroProbability(path[l])) / 9;
            }
            Tolerance.rel(1e-12).check("q" + l, q, conv.q()[l]);
            Tolerance.abs(1e-12).check("zeros" + l, zeros, conv.zeros()[l]);
        }
    }

    @Test
    void everyInputFollowsItsOwnFieldSoTheMeanIsNotTheMapOfTheMean() {
        // Two inputs of one position at 0.5 q* and 1.5 q*: the curve is the mean of their two MLP
        // iterations, which differs from the iteration of their mean (V is not linear).
        EocInit tau = EocSolver.solve(EocRequest.of(ActivationKind.RELU_TAU, 0.85, new Clip.None()));
        MeanFieldMaps maps = tau.maps();
        int depth = 8;
        TheoryCurve conv = ConvTheory.iterate(
                maps,
                shape(1, 1, 0, List.of(), depth),
                WeightDistribution.GAUSSIAN,
                new double[][] {{0.5}, {1.5}},
                new double[] {0.2});
        double[] low = TheoryCurve.iterate(maps, 0.5, 0.2, depth).q();
        double[] high = TheoryCurve.iterate(maps, 1.5, 0.2, depth).q();
        double[] ofMean = TheoryCurve.iterate(maps, 1.0, 0.2, depth).q();
        for (int l = 0; l < depth; l++) {
            Tolerance.rel(1e-13).check("q" + l, (low[l] + high[l]) / 2, conv.q()[l]);
        }
        assertTrue(conv.q()[depth - 1] > 1.01 * ofMean[depth - 1], "convex above q*: " + conv.q()[depth - 1]);
    }

    @Test
    void fieldsMustCoverLayerZero() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ConvTheory.iterate(
                        MAPS,
                        shape(3, 3, 1, List.of(), 2),
                        WeightDistribution.GAUSSIAN,
                        new double[][] {new double[8]},
                        new double[8]));
    }

    private static double[] mlpFromZero(int depth) {
        double[] path = new double[depth];
        double[] rest =
                TheoryCurve.iterate(MAPS, MAPS.biasVariance(), 1.0, depth - 1).q();
        System.arraycopy(rest, 0, path, 1, depth - 1);
        return path;
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }
}
