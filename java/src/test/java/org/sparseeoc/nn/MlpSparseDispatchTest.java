package org.sparseeoc.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cpu.CpuSparseOps;
import org.sparseeoc.testing.Tolerance;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.EocSolver;
import org.sparseeoc.train.SgdMomentum;

/**
 * {@link Mlp} with sparse dispatch against the dense path on the CPU: forced sparse (all three
 * sparse products in every hidden map) gives the dense logits and gradients element by element and
 * the dense loss trajectory over 25 SGD steps; auto mode picks per layer as the measured density and
 * the thresholds say; without sparse ops every mode is dense. Odd sizes (width 67, 33 rows) and a
 * CReLU at the edge of chaos for s = 0.85, so h is about 85 % zeros with some all-zero columns.
 */
class MlpSparseDispatchTest {
    private static final MlpShape SHAPE = new MlpShape(40, 67, 4, 10);
    private static final int ROWS = 33;
    private static final EocInit EOC =
            EocSolver.solve(EocRequest.of(ActivationKind.CRELU, 0.85, new Clip.Relative(1.0)));
    private static final Activation PHI = EOC.activation();
    private static final SparseDispatch SPARSE = new SparseDispatch(SparseDispatch.Mode.SPARSE, 0, 0);

    /** A batch whose labels are a fixed linear function of x (learnable), from {@code seed}. */
    private record Batch(float[] x, int[] y) {
        static Batch draw(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            SplittableRandom teacher = new SplittableRandom(99); // the same labelling map for every batch
            double[] map = new double[SHAPE.classes() * SHAPE.inputs()];
            for (int i = 0; i < map.length; i++) {
                map[i] = teacher.nextGaussian();
            }
            float[] x = new float[ROWS * SHAPE.inputs()];
            int[] y = new int[ROWS];
            for (int r = 0; r < ROWS; r++) {
                for (int i = 0; i < SHAPE.inputs(); i++) {
                    x[r * SHAPE.inputs() + i] = (float) (random.nextGaussian() / Math.sqrt(SHAPE.inputs()) * 3);
                }
                double best = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < SHAPE.classes(); c++) {
                    double score = 0;
                    for (int i = 0; i < SHAPE.inputs(); i++) {
                        score += map[c * SHAPE.inputs() + i] * x[r * SHAPE.inputs() + i];
                    }
                    if (score > best) {
                        best = score;
                        y[r] = c;
                    }
                }
            }
            return new Batch(x, y);
        }
    }

    private static float[] parameters() {
        return Initializer.draw(SHAPE, InitScheme.EOC, WeightDistribution.GAUSSIAN, EOC, 5);
    }

    private static LossAccumulator step(Mlp mlp, Batch batch) {
        LossAccumulator loss = new LossAccumulator();
        mlp.setBatch(batch.x(), batch.y(), ROWS);
        mlp.forward(ROWS);
        mlp.loss(ROWS, loss);
        mlp.backward(ROWS);
        return loss;
    }

    private static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Test
    void forcedSparseGivesTheDenseLogitsAndGradients() {
        Batch batch = Batch.draw(3);
        try (CpuOps ops = new CpuOps();
                Mlp dense = new Mlp(ops, SHAPE, PHI, ROWS);
                Mlp sparse = new Mlp(ops, SHAPE, PHI, ROWS, new CpuSparseOps(ops), SPARSE)) {
            dense.setParameters(parameters());
            sparse.setParameters(parameters());
            step(dense, batch);
            step(sparse, batch);
            assertEquals(new SparseUsage(SHAPE.depth(), SHAPE.depth(), SHAPE.depth()), sparse.sparseUsage());
            // Sums of ≤ 67 float32 products in another order: ~1e-6 relative per layer, four layers.
            Tolerance tol = new Tolerance(1e-5, 1e-4);
            tol.checkAll("logits", widen(dense.logits(ROWS)), widen(sparse.logits(ROWS)));
            tol.checkAll("gradients", widen(dense.getGradients()), widen(sparse.getGradients()));
        }
    }

    @Test
    void forcedSparseTrainingFollowsTheDenseLossTrajectory() {
        int steps = 25;
        double[][] losses = new double[2][steps];
        double[] accuracy = new double[2];
        Batch heldOut = Batch.draw(1000);
        try (CpuOps ops = new CpuOps()) {
            for (int run = 0; run < 2; run++) {
                SparseDispatch dispatch = run == 0 ? SparseDispatch.DENSE : SPARSE;
                try (Mlp mlp = new Mlp(ops, SHAPE, PHI, ROWS, new CpuSparseOps(ops), dispatch);
                        SgdMomentum sgd = new SgdMomentum(ops, SHAPE.parameterCount(), 0.9, 0, false)) {
                    mlp.setParameters(parameters());
                    for (int s = 0; s < steps; s++) {
                        losses[run][s] = step(mlp, Batch.draw(s)).meanLoss();
                        sgd.step(mlp.parameters(), mlp.gradients(), 0.05f);
                    }
                    LossAccumulator test = new LossAccumulator();
                    mlp.setBatch(heldOut.x(), heldOut.y(), ROWS);
                    mlp.forward(ROWS);
                    mlp.loss(ROWS, test);
                    accuracy[run] = test.accuracy();
                    assertEquals(run == 0 ? 0 : 1.0, mlp.sparseUsage().sparseFraction(), "sparse fraction");
                }
            }
        }
        // The runs differ only by float32 summation order (~1e-6 per step), which 25 momentum steps
        // amplify well below 1e-3 of the loss; a wrong product would shift it at the first step.
        Tolerance tol = new Tolerance(1e-4, 1e-3);
        for (int s = 0; s < steps; s++) {
            tol.check("loss at step " + s, losses[0][s], losses[1][s]);
        }
        assertEquals(accuracy[0], accuracy[1], "held-out accuracy, dense vs sparse");
    }

    @Test
    void autoPicksEachLayerByItsDensity() {
        Batch batch = Batch.draw(7);
        // The densities of h_0..h_{L−2}, the inputs of maps 1..L−1, and of h_{L−1} (the readout's input).
        double[] density = new double[SHAPE.depth()];
        try (CpuOps ops = new CpuOps();
                Mlp dense = new Mlp(ops, SHAPE, PHI, ROWS)) {
            dense.setParameters(parameters());
            step(dense, batch);
            for (int l = 0; l < SHAPE.depth(); l++) {
                long nonzeros = 0;
                for (float z : dense.preActivations(l, ROWS)) {
                    nonzeros += PHI.apply(z) != 0 ? 1 : 0;
                }
                density[l] = (double) nonzeros / ((long) ROWS * SHAPE.width());
            }
        }
        double[] sorted = density.clone();
        Arrays.sort(sorted);
        // Thresholds between the measured densities (and at the ends) take 0..L layers sparse.
        for (int below = 0; below <= SHAPE.depth(); below++) {
            double threshold =
                    below == 0 ? sorted[0] / 2 : below == SHAPE.depth() ? 1 : (sorted[below - 1] + sorted[below]) / 2;
            if (below > 0 && below < SHAPE.depth() && sorted[below - 1] == sorted[below]) {
                continue; // no threshold separates equal densities
            }
            try (CpuOps ops = new CpuOps();
                    Mlp auto = new Mlp(
                            ops,
                            SHAPE,
                            PHI,
                            ROWS,
                            new CpuSparseOps(ops),
                            new SparseDispatch(SparseDispatch.Mode.AUTO, threshold, 0))) {
                auto.setParameters(parameters());
                step(auto, batch);
                assertEquals(
                        new SparseUsage(SHAPE.depth(), below, 0),
                        auto.sparseUsage(),
                        "threshold " + threshold + " between densities " + Arrays.toString(sorted));
            }
        }
    }

    @Test
    void inputGradientThresholdIsIndependent() {
        try (CpuOps ops = new CpuOps();
                Mlp auto = new Mlp(
                        ops,
                        SHAPE,
                        PHI,
                        ROWS,
                        new CpuSparseOps(ops),
                        new SparseDispatch(SparseDispatch.Mode.AUTO, 0, 1))) {
            auto.setParameters(parameters());
            step(auto, Batch.draw(8));
            assertEquals(new SparseUsage(SHAPE.depth(), 0, SHAPE.depth()), auto.sparseUsage());
        }
    }

    @Test
    void withoutSparseOpsEveryModeIsDense() {
        try (CpuOps ops = new CpuOps();
                Mlp mlp = new Mlp(ops, SHAPE, PHI, ROWS, null, SPARSE)) {
            assertEquals(SparseDispatch.Mode.DENSE, mlp.dispatch().mode());
            mlp.setParameters(parameters());
            step(mlp, Batch.draw(9));
            assertEquals(new SparseUsage(SHAPE.depth(), 0, 0), mlp.sparseUsage());
        }
    }
}
