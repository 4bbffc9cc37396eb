package org.sparseeoc.nn;

import java.util.List;
import org.junit.jupiter.api.Test;
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
 * A CNN on 1×1 images with 1×1 kernels and no padding is an MLP: each convolution is a dense map of
 * the channels, the average pool over one position is the identity, and the two parameter layouts
 * differ only in that the MLP stores each W_l [C × C_in] transposed. Same parameters and inputs must
 * give the same logits, pre-activations and gradients through the two implementations.
 */
class CnnAsMlpTest {
    private static final CnnShape CNN = new CnnShape(5, 1, 1, 7, 3, 1, 0, List.of(), 4);
    private static final MlpShape MLP = new MlpShape(5, 7, 3, 4);
    private static final int ROWS = 6;

    @Test
    void oneByOneCnnEqualsMlp() {
        EocInit eoc = EocSolver.solve(EocRequest.of(ActivationKind.CST, 0.5, new Clip.Relative(0.7)));
        Activation phi = eoc.activation();
        float[] params = Initializer.draw(CNN, InitScheme.EOC, WeightDistribution.GAUSSIAN, eoc, 5);
        float[] x = CnnGradientTest.images(CNN, ROWS, 3);
        int[] y = CnnGradientTest.labels(CNN, ROWS, 4);
        try (CpuOps ops = new CpuOps();
                Network cnn = Network.create(ops, CNN, phi, ROWS);
                Network mlp = Network.create(ops, MLP, phi, ROWS)) {
            cnn.setParameters(params);
            mlp.setParameters(toMlpLayout(params));
            for (Network net : List.of(cnn, mlp)) {
                net.setBatch(x, y, ROWS);
                net.forward(ROWS);
                net.loss(ROWS, new LossAccumulator());
                net.backward(ROWS);
            }
            // Identical products up to the summation order of the GEMMs.
            Tolerance tol = new Tolerance(1e-6, 1e-5);
            tol.checkAll(
                    "logits",
                    CnnGradientTest.widen(((Mlp) mlp).logits(ROWS)),
                    CnnGradientTest.widen(((Cnn) cnn).logits(ROWS)));
            for (int l = 0; l < CNN.depth(); l++) {
                tol.checkAll(
                        "z_" + l,
                        CnnGradientTest.widen(mlp.preActivations(l, ROWS)),
                        CnnGradientTest.widen(cnn.preActivations(l, ROWS)));
            }
            tol.checkAll(
                    "gradients",
                    CnnGradientTest.widen(mlp.getGradients()),
                    CnnGradientTest.widen(toMlpLayout(cnn.getGradients())));
        }
    }

    /** The CNN's layout (W_l [C × C_in] row-major, b_l, per map) rewritten in the MLP's (W_lᵀ, b_l). */
    private static float[] toMlpLayout(float[] cnnLayout) {
        float[] mlpLayout = cnnLayout.clone(); // biases and map offsets coincide
        for (int l = 0; l < MLP.maps(); l++) {
            int w = (int) CNN.weightOffset(l);
            for (int o = 0; o < MLP.fanOut(l); o++) {
                for (int i = 0; i < MLP.fanIn(l); i++) {
                    mlpLayout[(int) MLP.weightIndex(l, o, i)] = cnnLayout[w + o * MLP.fanIn(l) + i];
                }
            }
        }
        return mlpLayout;
    }
}
