package org.sparseeoc.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.sparseeoc.backend.cpu.Tiles.load;
import static org.sparseeoc.backend.cpu.Tiles.store;

import java.lang.foreign.MemorySegment;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.OpChecks;

/** Softmax cross-entropy with its gradient, row by row. */
final class LossKernels {
    private LossKernels() {}

    /**
     * For each row r of rows×classes logits l with label y: loss_r = log Σ_j exp(l_j − max) − (l_y −
     * max) (the max subtracted for stability, so huge logits neither overflow nor lose the loss);
     * dlogits_r = (softmax(l) − onehot(y))·gradScale; Σ loss_r, the correct count and rows go into
     * {@code into}. All in double; exp and log are StrictMath so
     * the bits are the same in every JIT tier. dlogits may be logits (in place).
     *
     * <p>logits, dlogits: [rows, classes] float32; labels: [rows] int32 in [0, classes).
     */
    static void softmaxCrossEntropy(
            Tiles t,
            MemorySegment logits,
            MemorySegment labels,
            MemorySegment dlogits,
            int rows,
            int classes,
            float gradScale,
            LossAccumulator into) {
        float[] row = t.row(classes); // [classes] logits of row r, then its gradient
        double[] expShifted = t.rowDouble(classes); // [classes] exp(l_j − max)
        double sumLoss = 0;
        long correct = 0;
        for (int r = 0; r < rows; r++) {
            long off = (long) r * classes;
            load(logits, off, row, classes);
            int label = labels.getAtIndex(JAVA_INT, r);
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException(OpChecks.badLabel(label, r, classes));
            }
            // Arg-max with ties to the lowest index (strict >); its value is the shift.
            int argMax = 0;
            for (int j = 1; j < classes; j++) {
                if (row[j] > row[argMax]) {
                    argMax = j;
                }
            }
            double max = row[argMax];
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                expShifted[j] = StrictMath.exp(row[j] - max);
                sum += expShifted[j];
            }
            sumLoss += StrictMath.log(sum) - (row[label] - max);
            if (argMax == label) {
                correct++;
            }
            for (int j = 0; j < classes; j++) {
                double p = expShifted[j] / sum;
                row[j] = (float) ((j == label ? p - 1.0 : p) * gradScale);
            }
            store(row, dlogits, off, classes);
        }
        into.add(sumLoss, correct, rows);
    }
}
