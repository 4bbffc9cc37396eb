package org.sparseeoc.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.testing.Tolerance;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.EocSolver;

/**
 * Backpropagation of {@link Cnn} (float32 on the CPU backend) against central finite differences of
 * the independent double-precision forward pass of {@link ReferenceCnn}, for every activation kind
 * and every convolution geometry the trainer uses; and its forward logits and pre-activations
 * against that reference. Perturbations that move any pre-activation across a kink of φ are skipped
 * (the derivative is not defined there), and the test fails if too many are.
 */
class CnnGradientTest {
    private static final int ROWS = 3;

    /** Tiny geometries: each names what it covers. */
    static List<CnnShape> geometries() {
        return List.of(
                // k3 p1 stride 1, one input channel
                new CnnShape(1, 5, 5, 3, 2, 3, 1, List.of(), 4),
                // k3 p1 with a stride-2 layer on an odd 7×7 map (⌊(7 + 2 − 3)/2⌋ + 1 = 4), three input channels
                new CnnShape(3, 7, 7, 3, 3, 3, 1, List.of(1), 3),
                // k3 p0 on a non-square image
                new CnnShape(1, 6, 7, 3, 2, 3, 0, List.of(), 3),
                // k1 p0
                new CnnShape(3, 3, 3, 4, 2, 1, 0, List.of(), 3),
                // even kernel k2 p1 (maps grow by one per layer), stride 2 on the first layer
                new CnnShape(1, 4, 5, 3, 2, 2, 1, List.of(0), 3));
    }

    static List<Arguments> activations() {
        return List.of(
                Arguments.of(ActivationKind.RELU, 0.5, new Clip.None()),
                Arguments.of(ActivationKind.RELU_TAU, 0.7, new Clip.None()),
                Arguments.of(ActivationKind.ST, 0.6, new Clip.None()),
                Arguments.of(ActivationKind.CRELU, 0.6, new Clip.Relative(0.8)),
                Arguments.of(ActivationKind.CST, 0.5, new Clip.Relative(0.7)));
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Arguments a : activations()) {
            for (CnnShape shape : geometries()) {
                Object[] args = a.get();
                all.add(Arguments.of(args[0], args[1], args[2], shape));
            }
        }
        return all.stream();
    }

    /** Seeded Gaussian images [rows × inputs] and labels. */
    static float[] images(CnnShape shape, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * shape.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    static int[] labels(CnnShape shape, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = random.nextInt(shape.classes());
        }
        return y;
    }

    static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(ActivationKind kind, double s, Clip clip, CnnShape shape) {
        EocInit eoc = EocSolver.solve(EocRequest.of(kind, s, clip));
        Activation phi = eoc.activation();
        float[] params = Initializer.draw(shape, InitScheme.EOC, WeightDistribution.GAUSSIAN, eoc, 7);
        float[] x = images(shape, ROWS, 11);
        int[] y = labels(shape, ROWS, 13);
        float[] analytic;
        float[] logits;
        float[][] z = new float[shape.depth()][];
        try (CpuOps ops = new CpuOps();
                Cnn cnn = new Cnn(ops, shape, phi, ROWS + 2)) {
            cnn.setParameters(params);
            cnn.setBatch(x, y, ROWS);
            cnn.forward(ROWS);
            cnn.loss(ROWS, new LossAccumulator());
            cnn.backward(ROWS);
            analytic = cnn.getGradients();
            logits = cnn.logits(ROWS);
            for (int l = 0; l < shape.depth(); l++) {
                z[l] = cnn.preActivations(l, ROWS);
            }
        }
        double[] p = widen(params);
        // Forward: float32 im2col + GEMM against double loops; a few rounding steps of 6e-8 each.
        Tolerance forward = new Tolerance(1e-5, 1e-5);
        forward.checkAll(kind.cliName() + " logits", ReferenceCnn.logits(shape, phi, p, x, ROWS), widen(logits));
        for (int l = 0; l < shape.depth(); l++) {
            forward.checkAll(
                    kind.cliName() + " z_" + l + " (NHWC)",
                    ReferenceCnn.preActivations(shape, phi, p, x, ROWS, l),
                    widen(z[l]));
        }
        double h = 1e-6;
        // float32 backward against a double reference: as in MlpGradientTest, about 1e-5 absolute.
        Tolerance tol = new Tolerance(2e-5, 1e-3);
        int skipped = 0;
        String pattern = ReferenceCnn.pattern(shape, phi, p, x, ROWS);
        for (int i = 0; i < p.length; i++) {
            double saved = p[i];
            p[i] = saved + h;
            double up = ReferenceCnn.loss(shape, phi, p, x, y, ROWS);
            String upPattern = ReferenceCnn.pattern(shape, phi, p, x, ROWS);
            p[i] = saved - h;
            double down = ReferenceCnn.loss(shape, phi, p, x, y, ROWS);
            String downPattern = ReferenceCnn.pattern(shape, phi, p, x, ROWS);
            p[i] = saved;
            if (!upPattern.equals(pattern) || !downPattern.equals(pattern)) {
                skipped++;
                continue;
            }
            tol.check(kind.cliName() + " dL/dparam[" + i + "]", (up - down) / (2 * h), analytic[i]);
        }
        assertTrue(skipped < p.length / 20, skipped + " of " + p.length + " parameters sat on a kink");
    }
}
