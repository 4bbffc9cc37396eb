package org.sparseeoc.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparseeoc.backend.cpu.HostArrays.get;
import static org.sparseeoc.backend.cpu.HostArrays.put;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.IntBuffer;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.Transpose;

/**
 * Two runs of a small training step (GEMM forward and backward, bias, CReLU, softmax loss, Adam)
 * on fresh backends with the same thread count give bit-identical results: resume tests rely on it.
 */
class DeterminismTest {
    private static final int BATCH = 128;
    private static final int IN = 784;
    private static final int HIDDEN = 300;
    private static final int CLASSES = 10;

    /** Everything a step produces, as raw bits. */
    private record StepResult(
            float[] weights, float[] hidden, float[] dx, double lossSum, long correct, double gradNorm) {}

    @Test
    void sameInputsGiveBitIdenticalOutputs() {
        for (int threads : new int[] {1, 2}) {
            StepResult first = step(threads);
            StepResult second = step(threads);
            String where = threads + " threads: ";
            assertTrue(HostArrays.sameBits(first.weights(), second.weights()), where + "weights differ");
            assertTrue(HostArrays.sameBits(first.hidden(), second.hidden()), where + "activations differ");
            assertTrue(HostArrays.sameBits(first.dx(), second.dx()), where + "input gradients differ");
            assertEquals(first.lossSum(), second.lossSum(), where + "loss differs");
            assertEquals(first.correct(), second.correct(), where + "correct count differs");
            assertEquals(
                    Double.doubleToRawLongBits(first.gradNorm()),
                    Double.doubleToRawLongBits(second.gradNorm()),
                    where + "sum of squares differs");
        }
    }

    private static StepResult step(int threads) {
        Random rng = new Random(42);
        Activation act = ActivationKind.CRELU.create(0.5f, 1.0f);
        int[] labels = rng.ints(BATCH, 0, CLASSES).toArray();
        try (CpuOps ops = new CpuOps(new CpuConfig(threads));
                FloatBuffer x = put(ops, HostArrays.gaussian(rng, BATCH * IN, 1)); // [B, IN]
                FloatBuffer w1 = put(ops, HostArrays.gaussian(rng, HIDDEN * IN, 0.05)); // [HIDDEN, IN]
                FloatBuffer b1 = put(ops, HostArrays.gaussian(rng, HIDDEN, 0.1)); // [HIDDEN]
                FloatBuffer w2 = put(ops, HostArrays.gaussian(rng, CLASSES * HIDDEN, 0.1)); // [C, HIDDEN]
                FloatBuffer z = ops.allocate(BATCH * HIDDEN); // [B, HIDDEN]
                FloatBuffer h = ops.allocate(BATCH * HIDDEN); // [B, HIDDEN]
                FloatBuffer logits = ops.allocate(BATCH * CLASSES); // [B, C]
                FloatBuffer dlogits = ops.allocate(BATCH * CLASSES); // [B, C]
                FloatBuffer dh = ops.allocate(BATCH * HIDDEN); // [B, HIDDEN]
                FloatBuffer dw1 = ops.allocate(HIDDEN * IN); // [HIDDEN, IN]
                FloatBuffer dx = ops.allocate(BATCH * IN); // [B, IN]
                FloatBuffer m = ops.allocate(HIDDEN * IN);
                FloatBuffer v = ops.allocate(HIDDEN * IN);
                IntBuffer y = ops.allocateInts(BATCH)) {
            ops.uploadInts(labels, y, BATCH);
            ops.gemm(Transpose.NO, Transpose.YES, BATCH, HIDDEN, IN, 1f, x, IN, w1, IN, 0f, z, HIDDEN);
            ops.biasAdd(z, b1, BATCH, HIDDEN);
            ops.activationForward(act, z, h, (long) BATCH * HIDDEN);
            ops.gemm(
                    Transpose.NO,
                    Transpose.YES,
                    BATCH,
                    CLASSES,
                    HIDDEN,
                    1f,
                    h,
                    HIDDEN,
                    w2,
                    HIDDEN,
                    0f,
                    logits,
                    CLASSES);
            LossAccumulator loss = new LossAccumulator();
            ops.softmaxCrossEntropy(logits, y, dlogits, BATCH, CLASSES, 1f / BATCH, loss);
            ops.gemm(
                    Transpose.NO,
                    Transpose.NO,
                    BATCH,
                    HIDDEN,
                    CLASSES,
                    1f,
                    dlogits,
                    CLASSES,
                    w2,
                    HIDDEN,
                    0f,
                    dh,
                    HIDDEN);
            ops.activationBackward(act, z, dh, dh, (long) BATCH * HIDDEN);
            ops.gemm(Transpose.YES, Transpose.NO, HIDDEN, IN, BATCH, 1f, dh, HIDDEN, x, IN, 0f, dw1, IN);
            ops.gemm(Transpose.NO, Transpose.NO, BATCH, IN, HIDDEN, 1f, dh, HIDDEN, w1, IN, 0f, dx, IN);
            double gradNorm = ops.sumOfSquares(dw1, (long) HIDDEN * IN);
            ops.adamStep(w1, dw1, m, v, (long) HIDDEN * IN, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 1);
            return new StepResult(get(ops, w1), get(ops, h), get(ops, dx), loss.lossSum(), loss.correct(), gradNorm);
        }
    }
}
