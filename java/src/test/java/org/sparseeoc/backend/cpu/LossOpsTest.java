package org.sparseeoc.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparseeoc.backend.cpu.HostArrays.get;
import static org.sparseeoc.backend.cpu.HostArrays.nans;
import static org.sparseeoc.backend.cpu.HostArrays.put;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.IntBuffer;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.testing.Tolerance;

/**
 * softmaxCrossEntropy: loss and gradient against a double reference, the gradient against central
 * finite differences of that reference loss, stability with huge logits, arg-max ties, labels.
 */
class LossOpsTest {
    private static CpuOps ops;

    @BeforeAll
    static void open() {
        ops = new CpuOps();
    }

    @AfterAll
    static void close() {
        ops.close();
    }

    /** −log softmax(l)[label] in double, the textbook way (stable: shifted by the max). */
    private static double rowLoss(double[] l, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : l) {
            sum += Math.exp(v - max);
        }
        return Math.log(sum) + max - l[label];
    }

    private record Run(LossAccumulator result, float[] dlogits) {}

    private static Run run(float[] logits, int[] labels, int rows, int classes, float gradScale) {
        try (FloatBuffer bl = put(ops, logits);
                IntBuffer by = ops.allocateInts(rows);
                FloatBuffer bd = nans(ops, rows * classes)) {
            ops.uploadInts(labels, by, rows);
            LossAccumulator result = new LossAccumulator();
            ops.softmaxCrossEntropy(bl, by, bd, rows, classes, gradScale, result);
            return new Run(result, get(ops, bd));
        }
    }

    @Test
    void lossAndGradientMatchReferenceAndFiniteDifferences() {
        int rows = 6;
        int classes = 2100; // one row is wider than a tile
        Random rng = new Random(3);
        float[] logits = HostArrays.gaussian(rng, rows * classes, 2);
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = rng.nextInt(classes);
        }
        float gradScale = 1f / rows;
        Run run = run(logits, labels, rows, classes, gradScale);

        double refLoss = 0;
        for (int r = 0; r < rows; r++) {
            double[] row = HostArrays.widen(Arrays.copyOfRange(logits, r * classes, (r + 1) * classes));
            refLoss += rowLoss(row, labels[r]);
            double max = Arrays.stream(row).max().orElseThrow();
            double sum = Arrays.stream(row).map(v -> Math.exp(v - max)).sum();
            for (int j = 0; j < classes; j++) {
                // Analytic: (softmax − onehot)·gradScale, rounded once to float.
                double p = Math.exp(row[j] - max) / sum;
                double ref = gradScale * (j == labels[r] ? p - 1 : p);
                Tolerance.abs(6e-8 * Math.abs(ref) + 1e-15)
                        .check("dlogits[" + r + "," + j + "]", ref, run.dlogits()[r * classes + j]);
            }
            // Every 97th class and the label: each difference costs two full rows of exp.
            int[] probes = IntStream.concat(
                            IntStream.iterate(0, j -> j < classes, j -> j + 97), IntStream.of(labels[r]))
                    .toArray();
            for (int j : probes) {
                // d(gradScale·loss_r)/dl_j by central differences of the reference loss.
                double h = 1e-4;
                double saved = row[j];
                row[j] = saved + h;
                double up = rowLoss(row, labels[r]);
                row[j] = saved - h;
                double down = rowLoss(row, labels[r]);
                row[j] = saved;
                double fd = gradScale * (up - down) / (2 * h);
                // FD truncation ~h²·|ℓ'''| ≲ 1e-9 and cancellation ~1e-15/h; float output ~6e-8 rel.
                Tolerance.abs(1e-9 + 1e-6 * Math.abs(fd))
                        .check(
                                "dlogits[" + r + "," + j + "] vs finite differences",
                                fd,
                                run.dlogits()[r * classes + j]);
            }
        }
        Tolerance.rel(1e-12).check("sum of losses", refLoss, run.result().lossSum());
    }

    @Test
    void hugeLogitsStayFinite() {
        // Unshifted, exp(1e30) overflows. Row 0: the max 3e38 is not the label (loss 3e38 − 1e30,
        // softmax one-hot at class 3). Row 1: the label holds the max 1e30 (loss 0, gradient 0).
        float[] logits = {1e30f, -1e30f, 0f, 3e38f, -3e38f, 1e30f, -1e30f, 0f};
        int[] labels = {0, 1};
        Run run = run(logits, labels, 2, 4, 1f);
        double ref = rowLoss(HostArrays.widen(new float[] {1e30f, -1e30f, 0f, 3e38f}), 0)
                + rowLoss(HostArrays.widen(new float[] {-3e38f, 1e30f, -1e30f, 0f}), 1);
        assertTrue(
                Double.isFinite(run.result().lossSum()),
                "loss overflowed: " + run.result().lossSum());
        Tolerance.rel(1e-12).check("huge-logit loss", ref, run.result().lossSum());
        float[] expected = {-1f, 0f, 0f, 1f, 0f, 0f, 0f, 0f};
        float[] d = run.dlogits();
        for (int i = 0; i < d.length; i++) {
            Tolerance.abs(1e-7).check("dlogits[" + i + "]", expected[i], d[i]);
        }
        assertEquals(1, run.result().correct());
    }

    @Test
    void correctCountsArgMaxWithTiesToTheLowestIndex() {
        float[] logits = {
            2, 2, 1, // tie between 0 and 1 → predicts 0
            0, 5, 5, // tie between 1 and 2 → predicts 1
            3, 1, 4 // predicts 2
        };
        assertEquals(3, run(logits, new int[] {0, 1, 2}, 3, 3, 1f).result().correct());
        assertEquals(0, run(logits, new int[] {1, 2, 0}, 3, 3, 1f).result().correct());
    }

    @Test
    void rejectsLabelsOutOfRange() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> run(new float[] {1, 2, 3, 4}, new int[] {0, 2}, 2, 2, 1f));
        assertTrue(e.getMessage().contains("label 2 of row 1"), e.getMessage());
    }
}
