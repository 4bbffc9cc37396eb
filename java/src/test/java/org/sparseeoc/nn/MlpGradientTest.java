package org.sparseeoc.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Backpropagation of {@link Mlp} (float32 on the CPU backend) against central finite differences of
 * an independent double-precision forward pass written here. Perturbations that move any
 * pre-activation across a kink of φ are skipped (the derivative is not defined there), and the
 * test fails if too many are.
 */
class MlpGradientTest {
    private static final MlpShape SHAPE = new MlpShape(5, 7, 3, 4);
    private static final int ROWS = 6;

    static Stream<Arguments> activations() {
        return Stream.of(
                Arguments.of(ActivationKind.RELU, 0.5, new Clip.None()),
                Arguments.of(ActivationKind.RELU_TAU, 0.7, new Clip.None()),
                Arguments.of(ActivationKind.ST, 0.6, new Clip.None()),
                Arguments.of(ActivationKind.CRELU, 0.6, new Clip.Relative(0.8)),
                Arguments.of(ActivationKind.CST, 0.5, new Clip.Relative(0.7)));
    }

    @ParameterizedTest
    @MethodSource("activations")
    void gradientsMatchFiniteDifferences(ActivationKind kind, double s, Clip clip) {
        EocInit eoc = EocSolver.solve(EocRequest.of(kind, s, clip));
        Activation phi = eoc.activation();
        float[] params = Initializer.draw(SHAPE, InitScheme.EOC, WeightDistribution.GAUSSIAN, eoc, 7);
        SplittableRandom random = new SplittableRandom(11);
        float[] x = new float[ROWS * SHAPE.inputs()];
        int[] y = new int[ROWS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int r = 0; r < ROWS; r++) {
            y[r] = random.nextInt(SHAPE.classes());
        }
        float[] analytic;
        try (CpuOps ops = new CpuOps();
                Mlp mlp = new Mlp(ops, SHAPE, phi, ROWS)) {
            mlp.setParameters(params);
            mlp.setBatch(x, y, ROWS);
            mlp.forward(ROWS);
            mlp.loss(ROWS, new LossAccumulator());
            mlp.backward(ROWS);
            analytic = mlp.getGradients();
        }
        double[] p = new double[params.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = params[i];
        }
        double h = 1e-6;
        // float32 forward/backward against a double reference: rounding of O(1e-7) per op,
        // accumulated over three layers, bounds the agreement at about 1e-5 absolute.
        Tolerance tol = new Tolerance(2e-5, 1e-3);
        int skipped = 0;
        String pattern = ReferenceMlp.pattern(SHAPE, phi, p, x, ROWS);
        for (int i = 0; i < p.length; i++) {
            double saved = p[i];
            p[i] = saved + h;
            double up = ReferenceMlp.loss(SHAPE, phi, p, x, y, ROWS);
            String upPattern = ReferenceMlp.pattern(SHAPE, phi, p, x, ROWS);
            p[i] = saved - h;
            double down = ReferenceMlp.loss(SHAPE, phi, p, x, y, ROWS);
            String downPattern = ReferenceMlp.pattern(SHAPE, phi, p, x, ROWS);
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
