package org.sparseeoc.nn;

import java.util.ArrayList;
import java.util.List;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.backend.ActivationStats;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.IntBuffer;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.Transpose;

/**
 * An MLP's parameters, gradients and activation buffers on one backend, with its forward and
 * backward passes (the {@link Network} contract).
 *
 * <p>Forward, for hidden layers l = 0..L−1 (h_{−1} = x) and the readout:
 *
 * <pre>
 *   z_l = h_{l−1}·W_lᵀ + b_l      [rows × width]
 *   h_l = φ(z_l)                   [rows × width]
 *   logits = h_{L−1}·W_Lᵀ + b_L    [rows × classes]
 * </pre>
 *
 * Backward, from dlogits = ∂(mean loss)/∂logits: dW = dOutᵀ·in, db = Σ_rows dOut, dIn = dOut·W, and
 * dz_l = dh_l ⊙ φ'(z_l).
 */
public final class Mlp implements Network {
    private final Ops ops;
    private final MlpShape shape;
    private final Activation activation;
    private final int maxBatch;
    private final ParameterBuffers parameters; // W_l, b_l and their gradients, one buffer each

    private final FloatBuffer input; // x [maxBatch × inputs]
    private final IntBuffer labels; // [maxBatch]
    private final FloatBuffer[] z; // z_l [maxBatch × width], l = 0..depth−1
    private final FloatBuffer[] h; // h_l = φ(z_l) [maxBatch × width]
    private final FloatBuffer logits; // [maxBatch × classes]
    private final FloatBuffer dlogits; // [maxBatch × classes]
    private final FloatBuffer dh; // ∂loss/∂h_l [maxBatch × width] (reused per layer)
    private final FloatBuffer dz; // ∂loss/∂z_l [maxBatch × width] (reused per layer)

    public Mlp(Ops ops, MlpShape shape, Activation activation, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        this.ops = ops;
        this.shape = shape;
        this.activation = activation;
        this.maxBatch = maxBatch;
        parameters = new ParameterBuffers(ops, shape);
        long hidden = (long) maxBatch * shape.width();
        input = ops.allocate((long) maxBatch * shape.inputs());
        labels = ops.allocateInts(maxBatch);
        z = new FloatBuffer[shape.depth()];
        h = new FloatBuffer[shape.depth()];
        for (int l = 0; l < shape.depth(); l++) {
            z[l] = ops.allocate(hidden);
            h[l] = ops.allocate(hidden);
        }
        logits = ops.allocate((long) maxBatch * shape.classes());
        dlogits = ops.allocate((long) maxBatch * shape.classes());
        dh = ops.allocate(hidden);
        dz = ops.allocate(hidden);
    }

    @Override
    public MlpShape shape() {
        return shape;
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    /** The parameter buffer [parameterCount] (for optimizers and checkpoints). */
    @Override
    public FloatBuffer parameters() {
        return parameters.params;
    }

    /** The gradient buffer [parameterCount], filled by {@link #backward}. */
    @Override
    public FloatBuffer gradients() {
        return parameters.grads;
    }

    /** Uploads all parameters (host array in {@link MlpShape}'s layout). */
    @Override
    public void setParameters(float[] values) {
        parameters.set(values);
    }

    /** Downloads all parameters. */
    @Override
    public float[] getParameters() {
        return parameters.get();
    }

    /** Downloads all gradients. */
    @Override
    public float[] getGradients() {
        return parameters.getGradients();
    }

    /** Uploads a batch: x [rows × inputs] row-major and its labels [rows]. */
    @Override
    public void setBatch(float[] x, int[] y, int rows) {
        checkRows(rows);
        ops.upload(x, 0, input, 0, rows * shape.inputs());
        ops.uploadInts(y, labels, rows);
    }

    /** Forward pass over the uploaded batch; the logits stay on the backend. */
    @Override
    public void forward(int rows) {
        checkRows(rows);
        FloatBuffer in = input;
        for (int l = 0; l < shape.depth(); l++) {
            linear(l, in, z[l], rows);
            ops.activationForward(activation, z[l], h[l], (long) rows * shape.width());
            in = h[l];
        }
        linear(shape.depth(), in, logits, rows);
    }

    /**
     * Softmax cross-entropy of the last forward pass, added to {@code into} (summed loss, correct
     * count, rows); also writes dlogits = ∂(mean loss)/∂logits for {@link #backward}.
     */
    @Override
    public void loss(int rows, LossAccumulator into) {
        checkRows(rows);
        ops.softmaxCrossEntropy(logits, labels, dlogits, rows, shape.classes(), 1.0f / rows, into);
    }

    /** Backward pass: fills the gradient buffer with ∂(mean loss)/∂parameters. */
    @Override
    public void backward(int rows) {
        checkRows(rows);
        int top = shape.depth();
        long hidden = (long) rows * shape.width();
        linearBackward(top, dlogits, h[top - 1], dh, rows);
        for (int l = top - 1; l >= 0; l--) {
            ops.activationBackward(activation, z[l], dh, dz, hidden);
            linearBackward(l, dz, l == 0 ? input : h[l - 1], l == 0 ? null : dh, rows);
        }
    }

    /** Per-hidden-layer statistics of the pre-activations of the last forward pass. */
    @Override
    public List<ActivationStats> hiddenStats(int rows) {
        checkRows(rows);
        List<ActivationStats> stats = new ArrayList<>(shape.depth());
        for (int l = 0; l < shape.depth(); l++) {
            stats.add(ops.activationStats(activation, z[l], (long) rows * shape.width()));
        }
        return stats;
    }

    /**
     * Downloads the pre-activations z_l [rows × width] (row-major, one row per example) of the last
     * forward pass, for diagnostics that need per-unit values (the probe's correlations). Allocates:
     * not for the training loop, which uses {@link #hiddenStats}.
     */
    @Override
    public float[] preActivations(int layer, int rows) {
        checkRows(rows);
        if (layer < 0 || layer >= shape.depth()) {
            throw new IndexOutOfBoundsException("hidden layer " + layer + " of " + shape.depth());
        }
        float[] values = new float[rows * shape.width()];
        ops.download(z[layer], 0, values, 0, values.length);
        return values;
    }

    /** Downloads the logits [rows × classes] of the last forward pass (for tests; allocates). */
    float[] logits(int rows) {
        checkRows(rows);
        float[] values = new float[rows * shape.classes()];
        ops.download(logits, 0, values, 0, values.length);
        return values;
    }

    /** out [rows × fanOut] = in [rows × fanIn] · W_lᵀ + b_l. */
    private void linear(int l, FloatBuffer in, FloatBuffer out, int rows) {
        int fanIn = shape.fanIn(l);
        int fanOut = shape.fanOut(l);
        ops.gemm(
                Transpose.NO,
                Transpose.YES,
                rows,
                fanOut,
                fanIn,
                1f,
                in,
                fanIn,
                parameters.weights[l],
                fanIn,
                0f,
                out,
                fanOut);
        ops.biasAdd(out, parameters.biases[l], rows, fanOut);
    }

    /** dW_l = dOutᵀ·in, db_l = Σ dOut, and (unless dIn is null) dIn = dOut·W_l. */
    private void linearBackward(int l, FloatBuffer dOut, FloatBuffer in, FloatBuffer dIn, int rows) {
        int fanIn = shape.fanIn(l);
        int fanOut = shape.fanOut(l);
        ops.gemm(
                Transpose.YES,
                Transpose.NO,
                fanOut,
                fanIn,
                rows,
                1f,
                dOut,
                fanOut,
                in,
                fanIn,
                0f,
                parameters.weightGrads[l],
                fanIn);
        ops.biasGradient(dOut, parameters.biasGrads[l], rows, fanOut);
        if (dIn != null) {
            ops.gemm(
                    Transpose.NO,
                    Transpose.NO,
                    rows,
                    fanIn,
                    fanOut,
                    1f,
                    dOut,
                    fanOut,
                    parameters.weights[l],
                    fanIn,
                    0f,
                    dIn,
                    fanIn);
        }
    }

    private void checkRows(int rows) {
        if (rows < 1 || rows > maxBatch) {
            throw new IllegalArgumentException("batch rows must be in [1, " + maxBatch + "], got " + rows);
        }
    }

    @Override
    public void close() {
        parameters.close();
        for (int l = 0; l < shape.depth(); l++) {
            z[l].close();
            h[l].close();
        }
        for (FloatBuffer b : new FloatBuffer[] {input, logits, dlogits, dh, dz}) {
            b.close();
        }
        labels.close();
    }
}
