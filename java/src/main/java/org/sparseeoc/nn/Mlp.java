package org.sparseeoc.nn;

import java.util.ArrayList;
import java.util.List;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.backend.ActivationStats;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.IntBuffer;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.SparseOps;
import org.sparseeoc.backend.SparseRows;
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
 * Backward, from dlogits = ∂(mean loss)/∂logits: dWᵀ = inᵀ·dOut, db = Σ_rows dOut, dIn = dOut·W, and
 * dz_l = dh_l ⊙ φ'(z_l).
 *
 * <p><b>Weights are stored transposed</b>, W_lᵀ [fanIn × fanOut] ({@link MlpShape}), for the sparse
 * products: with h_{l−1} compressed, the forward product adds h[r, j]·(row j of W_lᵀ), the weight
 * gradient builds row j of dW_lᵀ from rows of δ, and the masked input gradient dots δ[r, :] with row j
 * of W_lᵀ, all over contiguous rows, with no transpose between steps. Keeping W [fanOut × fanIn]
 * instead would need a Wᵀ refreshed after every weight update: measured 8.6–21 ms for a 1024² matrix
 * on the development machine, more than the dense product it was meant to beat (docs/BENCHMARKS.md).
 * The dense GEMMs only flip their transpose flags.
 *
 * <p><b>Sparse dispatch</b> (optional {@link SparseOps}): for maps 1..L, whose input is a hidden h,
 * the activation pass writes h compressed ({@link SparseOps#activationCompress}), which gives its
 * density for free, and {@link SparseDispatch} picks dense or sparse products for that map in this
 * step; a dense h is written only where a dense product needs it. Without sparse ops, or in dense
 * mode, the passes are exactly the dense ones. What was picked is counted in {@link #sparseUsage}.
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

    private final SparseOps sparseOps; // null: dense only
    private final SparseDispatch dispatch;
    private final SparseRows[] compressed; // CSR of h_l [maxBatch × width], l = 0..depth−1; null if dense only
    private final boolean[] sparseInput; // [depth + 1] map m's forward and weight gradient sparse this step
    private final boolean[] maskedInput; // [depth + 1] map m's input gradient masked this step
    private long layerSteps;
    private long sparseSteps;
    private long maskedSteps;

    /** A dense-only MLP. */
    public Mlp(Ops ops, MlpShape shape, Activation activation, int maxBatch) {
        this(ops, shape, activation, maxBatch, null, SparseDispatch.DENSE);
    }

    /**
     * An MLP that dispatches between dense and sparse products by {@code dispatch}; {@code
     * sparseOps} must belong to {@code ops}, or be null for dense only (whatever the mode).
     */
    public Mlp(
            Ops ops,
            MlpShape shape,
            Activation activation,
            int maxBatch,
            SparseOps sparseOps,
            SparseDispatch dispatch) {
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
        this.dispatch = sparseOps == null ? SparseDispatch.DENSE : dispatch;
        this.sparseOps = this.dispatch.compresses() ? sparseOps : null;
        sparseInput = new boolean[shape.maps()];
        maskedInput = new boolean[shape.maps()];
        compressed = this.sparseOps == null ? null : new SparseRows[shape.depth()];
        for (int l = 0; compressed != null && l < shape.depth(); l++) {
            compressed[l] = this.sparseOps.allocateRows(maxBatch, shape.width());
        }
    }

    /** The dispatch in effect: dense when constructed without sparse ops. */
    public SparseDispatch dispatch() {
        return dispatch;
    }

    /** What the dispatch picked over the backward passes so far. */
    public SparseUsage sparseUsage() {
        return new SparseUsage(layerSteps, sparseSteps, maskedSteps);
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
        long hidden = (long) rows * shape.width();
        for (int l = 0; l < shape.depth(); l++) {
            linear(l, l == 0 ? input : h[l - 1], z[l], rows);
            int next = l + 1; // the map that reads h_l
            if (sparseOps != null) {
                sparseOps.activationCompress(activation, z[l], rows, compressed[l]);
                long nonzeros = compressed[l].nonzeros();
                sparseInput[next] = dispatch.sparseProducts(nonzeros, hidden);
                maskedInput[next] = dispatch.maskedInputGradient(nonzeros, hidden);
            }
            if (!sparseInput[next]) { // a dense product reads h_l
                ops.activationForward(activation, z[l], h[l], hidden);
            }
        }
        linear(shape.depth(), h[shape.depth() - 1], logits, rows);
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
        linearBackward(top, dlogits, dh, rows);
        for (int l = top - 1; l >= 0; l--) {
            ops.activationBackward(activation, z[l], dh, dz, hidden);
            linearBackward(l, dz, l == 0 ? null : dh, rows);
        }
        for (int m = 1; m <= top; m++) {
            sparseSteps += sparseInput[m] ? 1 : 0;
            maskedSteps += maskedInput[m] ? 1 : 0;
        }
        layerSteps += top;
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

    /**
     * out [rows × fanOut] = in [rows × fanIn] · W_lᵀ + b_l, W_lᵀ [fanIn × fanOut] as stored; from the
     * compressed h_{l−1} when the dispatch chose sparse for map l (then {@code in} is not read).
     */
    private void linear(int l, FloatBuffer in, FloatBuffer out, int rows) {
        int fanIn = shape.fanIn(l);
        int fanOut = shape.fanOut(l);
        if (sparseInput[l]) {
            sparseOps.sparseDenseForward(compressed[l - 1], parameters.weights[l], parameters.biases[l], out, fanOut);
            return;
        }
        ops.gemm(
                Transpose.NO,
                Transpose.NO,
                rows,
                fanOut,
                fanIn,
                1f,
                in,
                fanIn,
                parameters.weights[l],
                fanOut,
                0f,
                out,
                fanOut);
        ops.biasAdd(out, parameters.biases[l], rows, fanOut);
    }

    /**
     * dW_lᵀ = inᵀ·dOut [fanIn × fanOut], db_l = Σ dOut, and (unless dIn is null) dIn = dOut·W_l, with
     * in = x or h_{l−1}: dense, or from its compressed form as the forward pass's dispatch chose.
     */
    private void linearBackward(int l, FloatBuffer dOut, FloatBuffer dIn, int rows) {
        int fanIn = shape.fanIn(l);
        int fanOut = shape.fanOut(l);
        ops.biasGradient(dOut, parameters.biasGrads[l], rows, fanOut);
        if (sparseInput[l]) {
            sparseOps.sparseWeightGradientTransposed(dOut, compressed[l - 1], parameters.weightGrads[l], fanOut);
        } else {
            denseWeightGradient(l, dOut, l == 0 ? input : h[l - 1], rows);
        }
        if (dIn == null) {
            return;
        }
        if (maskedInput[l]) {
            // 0 wherever h_{l−1} = 0, where φ' = 0 anyway (SparseOps#maskedInputGradient).
            sparseOps.maskedInputGradient(dOut, parameters.weights[l], compressed[l - 1], dIn, fanOut);
            return;
        }
        ops.gemm(
                Transpose.NO,
                Transpose.YES,
                rows,
                fanIn,
                fanOut,
                1f,
                dOut,
                fanOut,
                parameters.weights[l],
                fanOut,
                0f,
                dIn,
                fanIn);
    }

    /** dW_lᵀ [fanIn × fanOut] = inᵀ·dOut by GEMM. */
    private void denseWeightGradient(int l, FloatBuffer dOut, FloatBuffer in, int rows) {
        int fanIn = shape.fanIn(l);
        int fanOut = shape.fanOut(l);
        ops.gemm(
                Transpose.YES,
                Transpose.NO,
                fanIn,
                fanOut,
                rows,
                1f,
                in,
                fanIn,
                dOut,
                fanOut,
                0f,
                parameters.weightGrads[l],
                fanOut);
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
        for (int l = 0; compressed != null && l < shape.depth(); l++) {
            compressed[l].close();
        }
    }
}
