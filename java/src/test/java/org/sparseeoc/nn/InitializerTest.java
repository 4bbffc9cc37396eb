package org.sparseeoc.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.testing.Tolerance;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.EocSolver;

/**
 * Initializer: the Gaussian MLP draw is the one it always was; orthogonal and delta-orthogonal
 * weights are orthonormal after dividing by their gain and have the Gaussian draw's second moment;
 * the input scale puts a CNN's first layer at q*.
 */
class InitializerTest {
    /** σ_b² > 0 so that biases are drawn too. */
    private static final EocInit CST = EocSolver.solve(EocRequest.of(ActivationKind.CST, 0.5, new Clip.Relative(0.7)));

    /**
     * The Gaussian MLP algorithm before CNNs and orthogonal weights (same draws in the same order),
     * writing each W_l into the transposed layout of {@link MlpShape}.
     */
    private static float[] previousMlpDraw(MlpShape shape, InitScheme scheme, EocInit eoc, long seed) {
        float[] params = new float[shape.parameterCount()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l < shape.maps(); l++) {
            int fanIn = shape.fanIn(l);
            int fanOut = shape.fanOut(l);
            boolean readout = l == shape.depth();
            double weightSd =
                    Math.sqrt(readout ? 1.0 / fanIn : scheme.weightVariance(eoc.weightVariance(), fanIn, fanOut));
            double biasSd = readout ? 0.0 : Math.sqrt(scheme.biasVariance(eoc.biasVariance()));
            for (int o = 0; o < fanOut; o++) {
                for (int i = 0; i < fanIn; i++) {
                    // Drawn in W's row-major order, stored at W's entry in the (transposed) layout.
                    params[(int) shape.weightIndex(l, o, i)] = (float) (weightSd * random.nextGaussian());
                }
            }
            int b = (int) shape.biasOffset(l);
            for (int i = 0; i < fanOut; i++) {
                params[b + i] = biasSd == 0 ? 0f : (float) (biasSd * random.nextGaussian());
            }
        }
        return params;
    }

    @Test
    void gaussianMlpDrawIsBitIdenticalToThePreviousOne() {
        MlpShape shape = new MlpShape(9, 6, 3, 4);
        for (InitScheme scheme : InitScheme.values()) {
            assertArrayEquals(
                    previousMlpDraw(shape, scheme, CST, 17),
                    Initializer.draw(shape, scheme, WeightDistribution.GAUSSIAN, CST, 17),
                    scheme.cliName());
        }
    }

    @Test
    void mlpInputScaleIsThePreviousFormula() {
        MlpShape shape = new MlpShape(9, 6, 3, 4);
        double w2 = InitScheme.EOC.weightVariance(CST.weightVariance(), 9, 6);
        double expected = Math.sqrt((CST.qStar() - CST.biasVariance()) / (w2 * 3.7));
        assertEquals(expected, Initializer.inputScale(shape, InitScheme.EOC, CST, 3.7));
        assertThrows(IllegalArgumentException.class, () -> Initializer.inputScale(shape, InitScheme.EOC, CST, 0));
    }

    /**
     * Fails unless Q [rows × cols] row-major has orthonormal rows (rows ≤ cols) or orthonormal
     * columns (rows ≥ cols) to 1e-5.
     */
    private static void assertSemiOrthogonal(String what, double[] q, int rows, int cols) {
        Tolerance tol = Tolerance.abs(1e-5);
        boolean byRows = rows <= cols;
        int n = byRows ? rows : cols;
        int len = byRows ? cols : rows;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double dot = 0;
                for (int i = 0; i < len; i++) {
                    dot += byRows ? q[a * cols + i] * q[b * cols + i] : q[i * cols + a] * q[i * cols + b];
                }
                tol.check(what + (byRows ? " QQᵀ" : " QᵀQ") + "[" + a + "][" + b + "]", a == b ? 1 : 0, dot);
            }
        }
    }

    @Test
    void orthogonalMlpMapsAreScaledSemiOrthogonalMatrices() {
        for (MlpShape shape : List.of(new MlpShape(12, 8, 2, 3), new MlpShape(5, 8, 2, 3))) {
            float[] p = Initializer.draw(shape, InitScheme.EOC, WeightDistribution.ORTHOGONAL, CST, 3);
            for (int l = 0; l < shape.depth(); l++) {
                int fanIn = shape.fanIn(l);
                int fanOut = shape.fanOut(l);
                double w2 = InitScheme.EOC.weightVariance(CST.weightVariance(), fanIn, fanOut);
                double g = Math.sqrt(w2 * Math.max(fanIn, fanOut));
                double[] q = new double[fanOut * fanIn]; // W_l [fanOut × fanIn] / g
                for (int o = 0; o < fanOut; o++) {
                    for (int i = 0; i < fanIn; i++) {
                        q[o * fanIn + i] = p[(int) shape.weightIndex(l, o, i)] / g;
                    }
                }
                assertSemiOrthogonal(shape + " map " + l, q, fanOut, fanIn);
            }
        }
    }

    @Test
    void deltaOrthogonalKernelsHaveOnlyAScaledSemiOrthogonalCentreTap() {
        // Layer 0 of the second shape maps 5 channels to 3 (orthonormal rows) with an even kernel.
        for (CnnShape shape : List.of(
                new CnnShape(3, 6, 6, 8, 2, 3, 1, List.of(), 4), new CnnShape(5, 6, 6, 3, 2, 2, 1, List.of(), 4))) {
            float[] p = Initializer.draw(shape, InitScheme.EOC, WeightDistribution.ORTHOGONAL, CST, 9);
            int k = shape.kernel();
            int centre = (k / 2) * k + k / 2;
            for (int l = 0; l < shape.depth(); l++) {
                int cin = shape.inChannels(l);
                int c = shape.channels();
                double w2 = InitScheme.EOC.weightVariance(CST.weightVariance(), shape.fanIn(l), shape.fanOut(l));
                double g = Math.sqrt(w2 * k * k * Math.max(cin, c));
                double[] q = new double[c * cin];
                int w = (int) shape.weightOffset(l);
                for (int o = 0; o < c; o++) {
                    for (int ci = 0; ci < cin; ci++) {
                        for (int tap = 0; tap < k * k; tap++) {
                            float v = p[w + o * cin * k * k + ci * k * k + tap];
                            if (tap == centre) {
                                q[o * cin + ci] = v / g;
                            } else {
                                assertEquals(0f, v, shape + " layer " + l + " tap " + tap);
                            }
                        }
                    }
                }
                assertSemiOrthogonal(shape + " layer " + l, q, c, cin);
            }
        }
    }

    /** ReLU at the edge of chaos has σ_b² = 0, so that biases add no fluctuation. */
    private static final EocInit RELU = EocSolver.solve(EocRequest.of(ActivationKind.RELU, 0.5, new Clip.None()));

    private static final CnnShape NO_PADDING = new CnnShape(3, 14, 14, 64, 2, 3, 0, List.of(), 10);

    /**
     * Mean (z_l − b_l)² over a random batch, averaged over four draws, plus σ_b²: the pre-activations'
     * second moment with each bias's realised square replaced by its expectation σ_b² (with 64
     * channels the realised mean of b² alone fluctuates by σ_b²·√(2/256) ≈ 9% of σ_b² over four
     * draws, more than the check's tolerance). Inputs are scaled by {@link Initializer#inputScale}.
     * No padding, so that every window lies inside the image (where the derivations on {@link
     * Initializer} hold).
     */
    private static double[] meanSquares(InitScheme scheme, EocInit eoc, WeightDistribution weights) {
        CnnShape shape = NO_PADDING;
        int rows = 16;
        float[] x = CnnGradientTest.images(shape, rows, 21);
        double sumSquares = 0;
        for (float v : x) {
            sumSquares += (double) v * v;
        }
        double scale = Initializer.inputScale(shape, scheme, eoc, sumSquares / rows);
        for (int i = 0; i < x.length; i++) {
            x[i] *= (float) scale;
        }
        int c = shape.channels();
        double[] means = new double[shape.depth()];
        int draws = 4;
        try (CpuOps ops = new CpuOps();
                Cnn cnn = new Cnn(ops, shape, eoc.activation(), rows)) {
            for (int seed = 0; seed < draws; seed++) {
                float[] params = Initializer.draw(shape, scheme, weights, eoc, seed);
                cnn.setParameters(params);
                cnn.setBatch(x, new int[rows], rows);
                cnn.forward(rows);
                for (int l = 0; l < shape.depth(); l++) {
                    int b = (int) shape.biasOffset(l);
                    double sum = 0;
                    float[] z = cnn.preActivations(l, rows);
                    for (int i = 0; i < z.length; i++) {
                        double v = z[i] - params[b + i % c]; // channel-minor layout
                        sum += v * v;
                    }
                    means[l] += sum / z.length / draws;
                }
            }
        }
        double biasVariance = scheme.biasVariance(eoc.biasVariance());
        for (int l = 0; l < means.length; l++) {
            means[l] += biasVariance;
        }
        return means;
    }

    @Test
    void inputScalePutsTheFirstCnnLayerAtQStar() {
        // σ_b² = 0.61·q* here, so the bias term of the formula matters.
        Tolerance tol = Tolerance.rel(0.03);
        for (WeightDistribution weights : WeightDistribution.values()) {
            tol.check(weights.cliName() + " E[z_0²] vs q*", CST.qStar(), meanSquares(InitScheme.EOC, CST, weights)[0]);
        }
    }

    @Test
    void gaussianAndDeltaOrthogonalCnnsHaveTheSameSecondMoments() {
        // ReLU with He's variance 2/fanIn keeps E[z²] from layer to layer: all at q* = 1.
        double[] gaussian = meanSquares(InitScheme.HE, RELU, WeightDistribution.GAUSSIAN);
        double[] orthogonal = meanSquares(InitScheme.HE, RELU, WeightDistribution.ORTHOGONAL);
        // Finite-width and finite-sample fluctuations: about 2% here.
        Tolerance tol = Tolerance.rel(0.05);
        for (int l = 0; l < NO_PADDING.depth(); l++) {
            tol.check("Gaussian E[z_" + l + "²] vs q*", RELU.qStar(), gaussian[l]);
            tol.check("orthogonal E[z_" + l + "²] vs q*", RELU.qStar(), orthogonal[l]);
            tol.check("orthogonal vs Gaussian E[z_" + l + "²]", gaussian[l], orthogonal[l]);
        }
    }
}
