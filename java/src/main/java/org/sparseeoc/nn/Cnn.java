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
 * A vanilla deep CNN's parameters, gradients and activation buffers on one backend, with its
 * forward and backward passes (the {@link Network} contract, geometry and parameter layout in
 * {@link CnnShape}). Every convolution is one im2col and one GEMM over the whole batch.
 *
 * <p>Layouts. The input x is channels-first ("NCHW", [rows × C_in × H × W]), as {@link Ops#im2col}
 * reads it. Hidden layer l has P_l = Ho·Wo positions and C channels; its pre-activations z_l and
 * h_l = φ(z_l) are stored position-major, channel-minor ("NHWC"): [rows·P_l × C], element (n, p, c)
 * at (n·P_l + p)·C + c with p = oy·Wo + ox. That is what the convolution GEMM produces directly:
 * with cols_l = im2col(input of layer l) [rows·P_l × K_l], K_l = C_in(l)·k², and W_l [C × K_l],
 *
 * <pre>
 *   z_l = cols_l·W_lᵀ + b_l          [rows·P_l × C]   (bias broadcast over the rows·P_l rows)
 *   h_l = φ(z_l)                     [rows·P_l × C]
 *   input of layer l+1 = h_l in NCHW [rows × C × P_l] (one batched transpose of h_l)
 *   pooled = h_{L−1} in NCHW · u     [rows·C × 1] = [rows × C], u [P] = 1/P (global average pool)
 *   logits = pooled·W_Lᵀ + b_L       [rows × classes]
 * </pre>
 *
 * Backward, from dlogits: the readout as in {@link Mlp}; the pool's adjoint dh_{L−1} in NCHW =
 * dpooled [rows·C × 1]·uᵀ (a rank-1 GEMM), transposed to NHWC; then per layer l = L−1..0, with dz_l =
 * dh_l ⊙ φ'(z_l) [rows·P_l × C]:
 *
 * <pre>
 *   dW_l = dz_lᵀ·cols_l              [C × K_l]
 *   db_l = Σ over rows·P_l of dz_l   [C]
 *   dcols = dz_l·W_l                 [rows·P_l × K_l]   (not for l = 0)
 *   dh_{l−1} = col2im(dcols) in NCHW, transposed to NHWC
 * </pre>
 *
 * cols_l is recomputed in the backward pass (im2col is a memory-bound copy, much cheaper than the
 * GEMMs) rather than stored per layer, so one cols buffer sized for the largest layer serves every
 * layer and both passes; it also holds dcols once dW_l has been computed from it.
 */
public final class Cnn implements Network {
    private final Ops ops;
    private final CnnShape shape;
    private final Activation activation;
    private final int maxBatch;
    private final ParameterBuffers parameters; // W_l, b_l and their gradients, one buffer each
    // Per hidden layer l, from the shape once (a step then only indexes arrays):
    private final int[] inHeight; // input height of layer l
    private final int[] inWidth; // input width of layer l
    private final int[] stride; // 1, or 2 at a downsampling layer
    private final int[] positions; // P_l = Ho·Wo
    private final int[] patch; // K_l = C_in(l)·k², the row length of cols_l

    private final FloatBuffer input; // x [maxBatch × C_in × H × W] (NCHW)
    private final IntBuffer labels; // [maxBatch]
    private final FloatBuffer[] z; // z_l [maxBatch·P_l × C] (NHWC), l = 0..depth−1
    private final FloatBuffer[] h; // h_l = φ(z_l) [maxBatch·P_l × C] (NHWC)
    private final FloatBuffer cols; // cols_l or dcols [maxBatch·P_l × K_l], sized for the largest l
    private final FloatBuffer nchw; // a layer's h or dh in NCHW [maxBatch × C × P_l], largest l
    private final FloatBuffer average; // u [P_{L−1}], every entry 1/P_{L−1}
    private final FloatBuffer pooled; // [maxBatch × C]
    private final FloatBuffer logits; // [maxBatch × classes]
    private final FloatBuffer dlogits; // [maxBatch × classes]
    private final FloatBuffer dpooled; // [maxBatch × C]
    private final FloatBuffer dh; // ∂loss/∂h_l [maxBatch·P_l × C] (NHWC, reused per layer, largest l)
    private final FloatBuffer dz; // ∂loss/∂z_l [maxBatch·P_l × C] (NHWC, reused per layer, largest l)

    public Cnn(Ops ops, CnnShape shape, Activation activation, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        this.ops = ops;
        this.shape = shape;
        this.activation = activation;
        this.maxBatch = maxBatch;
        int depth = shape.depth();
        int c = shape.channels();
        inHeight = new int[depth];
        inWidth = new int[depth];
        stride = new int[depth];
        positions = new int[depth];
        patch = new int[depth];
        long colsLength = 0;
        long hiddenLength = 0;
        for (int l = 0; l < depth; l++) {
            inHeight[l] = shape.inHeight(l);
            inWidth[l] = shape.inWidth(l);
            stride[l] = shape.stride(l);
            positions[l] = shape.positions(l);
            patch[l] = shape.fanIn(l);
            colsLength = Math.max(colsLength, (long) maxBatch * positions[l] * patch[l]);
            hiddenLength = Math.max(hiddenLength, (long) maxBatch * positions[l] * c);
        }
        if (colsLength > Integer.MAX_VALUE
                || hiddenLength > Integer.MAX_VALUE
                || (long) maxBatch * shape.inputs() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a batch of " + maxBatch + " needs " + colsLength
                    + " patch-matrix and " + hiddenLength + " activation elements; at most 2^31 - 1 supported"
                    + " (use a smaller batch)");
        }
        parameters = new ParameterBuffers(ops, shape);
        input = ops.allocate((long) maxBatch * shape.inputs());
        labels = ops.allocateInts(maxBatch);
        z = new FloatBuffer[depth];
        h = new FloatBuffer[depth];
        for (int l = 0; l < depth; l++) {
            z[l] = ops.allocate((long) maxBatch * positions[l] * c);
            h[l] = ops.allocate((long) maxBatch * positions[l] * c);
        }
        cols = ops.allocate(colsLength);
        nchw = ops.allocate(hiddenLength);
        average = ops.allocate(shape.poolPositions());
        ops.fill(average, shape.poolPositions(), 1.0f / shape.poolPositions());
        pooled = ops.allocate((long) maxBatch * c);
        logits = ops.allocate((long) maxBatch * shape.classes());
        dlogits = ops.allocate((long) maxBatch * shape.classes());
        dpooled = ops.allocate((long) maxBatch * c);
        dh = ops.allocate(hiddenLength);
        dz = ops.allocate(hiddenLength);
    }

    @Override
    public CnnShape shape() {
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

    /** Uploads all parameters (host array in {@link CnnShape}'s layout). */
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

    /** Uploads a batch: x [rows × C_in × H × W] (channels-first) and its labels [rows]. */
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
        int c = shape.channels();
        FloatBuffer in = input; // NCHW input of layer l
        for (int l = 0; l < shape.depth(); l++) {
            int spatial = rows * positions[l];
            im2col(l, in, rows);
            ops.gemm(
                    Transpose.NO,
                    Transpose.YES,
                    spatial,
                    c,
                    patch[l],
                    1f,
                    cols,
                    patch[l],
                    parameters.weights[l],
                    patch[l],
                    0f,
                    z[l],
                    c);
            ops.biasAdd(z[l], parameters.biases[l], spatial, c);
            ops.activationForward(activation, z[l], h[l], (long) spatial * c);
            ops.batchedTranspose(h[l], nchw, rows, positions[l], c);
            in = nchw;
        }
        int pool = shape.poolPositions();
        // pooled [rows·C × 1] = h_{L−1} in NCHW [rows·C × P] · u [P × 1]
        ops.gemm(Transpose.NO, Transpose.NO, rows * c, 1, pool, 1f, nchw, pool, average, 1, 0f, pooled, 1);
        int top = shape.depth();
        int classes = shape.classes();
        ops.gemm(
                Transpose.NO,
                Transpose.YES,
                rows,
                classes,
                c,
                1f,
                pooled,
                c,
                parameters.weights[top],
                c,
                0f,
                logits,
                classes);
        ops.biasAdd(logits, parameters.biases[top], rows, classes);
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
        int c = shape.channels();
        int top = shape.depth();
        int classes = shape.classes();
        // Readout: dW_L = dlogitsᵀ·pooled, db_L = Σ dlogits, dpooled = dlogits·W_L.
        ops.gemm(
                Transpose.YES,
                Transpose.NO,
                classes,
                c,
                rows,
                1f,
                dlogits,
                classes,
                pooled,
                c,
                0f,
                parameters.weightGrads[top],
                c);
        ops.biasGradient(dlogits, parameters.biasGrads[top], rows, classes);
        ops.gemm(
                Transpose.NO,
                Transpose.NO,
                rows,
                c,
                classes,
                1f,
                dlogits,
                classes,
                parameters.weights[top],
                c,
                0f,
                dpooled,
                c);
        // Pool: dh_{L−1} in NCHW [rows·C × P] = dpooled [rows·C × 1] · uᵀ [1 × P], then to NHWC.
        int pool = shape.poolPositions();
        ops.gemm(Transpose.NO, Transpose.NO, rows * c, pool, 1, 1f, dpooled, 1, average, pool, 0f, nchw, pool);
        ops.batchedTranspose(nchw, dh, rows, c, pool);
        for (int l = top - 1; l >= 0; l--) {
            int spatial = rows * positions[l];
            ops.activationBackward(activation, z[l], dh, dz, (long) spatial * c);
            if (l == 0) {
                im2col(0, input, rows);
            } else {
                ops.batchedTranspose(h[l - 1], nchw, rows, positions[l - 1], c);
                im2col(l, nchw, rows);
            }
            ops.gemm(
                    Transpose.YES,
                    Transpose.NO,
                    c,
                    patch[l],
                    spatial,
                    1f,
                    dz,
                    c,
                    cols,
                    patch[l],
                    0f,
                    parameters.weightGrads[l],
                    patch[l]);
            ops.biasGradient(dz, parameters.biasGrads[l], spatial, c);
            if (l > 0) {
                // dcols overwrites cols_l, which dW_l no longer needs.
                ops.gemm(
                        Transpose.NO,
                        Transpose.NO,
                        spatial,
                        patch[l],
                        c,
                        1f,
                        dz,
                        c,
                        parameters.weights[l],
                        patch[l],
                        0f,
                        cols,
                        patch[l]);
                ops.col2im(cols, nchw, rows, c, inHeight[l], inWidth[l], shape.kernel(), stride[l], shape.padding());
                ops.batchedTranspose(nchw, dh, rows, c, positions[l - 1]);
            }
        }
    }

    /** Per-hidden-layer statistics of the pre-activations of the last forward pass. */
    @Override
    public List<ActivationStats> hiddenStats(int rows) {
        checkRows(rows);
        List<ActivationStats> stats = new ArrayList<>(shape.depth());
        for (int l = 0; l < shape.depth(); l++) {
            stats.add(ops.activationStats(activation, z[l], (long) rows * shape.hiddenUnits(l)));
        }
        return stats;
    }

    /**
     * Downloads hidden layer l's pre-activations z_l of the last forward pass, [rows × P_l·C]: one
     * row per example, and within a row position-major, channel-minor, i.e. the value of channel c
     * at output position (oy, ox) of example n is at n·P_l·C + (oy·Wo + ox)·C + c. For diagnostics
     * such as the probe; allocates, so not for the training loop ({@link #hiddenStats} is).
     */
    @Override
    public float[] preActivations(int layer, int rows) {
        checkRows(rows);
        if (layer < 0 || layer >= shape.depth()) {
            throw new IndexOutOfBoundsException("hidden layer " + layer + " of " + shape.depth());
        }
        float[] values = new float[rows * shape.hiddenUnits(layer)];
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

    /** cols = im2col(in) [rows·P_l × K_l] for hidden layer l, with in its NCHW input. */
    private void im2col(int l, FloatBuffer in, int rows) {
        ops.im2col(
                in,
                cols,
                rows,
                shape.inChannels(l),
                inHeight[l],
                inWidth[l],
                shape.kernel(),
                stride[l],
                shape.padding());
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
        for (FloatBuffer b : new FloatBuffer[] {input, cols, nchw, average, pooled, logits, dlogits, dpooled, dh, dz}) {
            b.close();
        }
        labels.close();
    }
}
