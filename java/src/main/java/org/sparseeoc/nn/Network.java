package org.sparseeoc.nn;

import java.util.List;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.backend.ActivationStats;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.SparseOps;

/**
 * A network's parameters, gradients and activation buffers on one backend, with its forward and
 * backward passes: what the trainer and the probe need, whatever the architecture. Everything is
 * allocated once for {@code maxBatch} examples, so a training step allocates nothing. The one
 * mutable object of a network; used by one thread at a time.
 */
public sealed interface Network extends AutoCloseable permits Mlp, Cnn {

    /**
     * The network of {@code shape}'s architecture on {@code ops}, with buffers for up to {@code
     * maxBatch} examples; its parameters are zero until {@link #setParameters}.
     */
    static Network create(Ops ops, NetworkShape shape, Activation activation, int maxBatch) {
        return create(ops, shape, activation, maxBatch, null, SparseDispatch.DENSE);
    }

    /**
     * As {@link #create(Ops, NetworkShape, Activation, int)}, an MLP dispatching between dense and
     * sparse products by {@code dispatch} with {@code sparseOps} (of {@code ops}; null for dense
     * only). A CNN ignores both and stays dense.
     */
    static Network create(
            Ops ops,
            NetworkShape shape,
            Activation activation,
            int maxBatch,
            SparseOps sparseOps,
            SparseDispatch dispatch) {
        return switch (shape) {
            case MlpShape s -> new Mlp(ops, s, activation, maxBatch, sparseOps, dispatch);
            case CnnShape s -> new Cnn(ops, s, activation, maxBatch);
        };
    }

    NetworkShape shape();

    Activation activation();

    int maxBatch();

    /** The parameter buffer [parameterCount] (for optimizers and checkpoints). */
    FloatBuffer parameters();

    /** The gradient buffer [parameterCount], filled by {@link #backward}. */
    FloatBuffer gradients();

    /** Uploads all parameters (host array in the shape's layout). */
    void setParameters(float[] values);

    /** Downloads all parameters. */
    float[] getParameters();

    /** Downloads all gradients. */
    float[] getGradients();

    /** Uploads a batch: x [rows × inputs] row-major (images channels-first) and its labels [rows]. */
    void setBatch(float[] x, int[] y, int rows);

    /** Forward pass over the uploaded batch; the logits stay on the backend. */
    void forward(int rows);

    /**
     * Softmax cross-entropy of the last forward pass, added to {@code into} (summed loss, correct
     * count, rows); also keeps dlogits = ∂(mean loss)/∂logits for {@link #backward}.
     */
    void loss(int rows, LossAccumulator into);

    /** Backward pass: fills the gradient buffer with ∂(mean loss)/∂parameters. */
    void backward(int rows);

    /** Per-hidden-layer statistics of the pre-activations of the last forward pass. */
    List<ActivationStats> hiddenStats(int rows);

    /**
     * Downloads hidden layer l's pre-activations of the last forward pass, [rows × hiddenUnits(l)]
     * with one row per example (the unit order within a row is the network's own). Allocates: for
     * diagnostics such as the probe, not for the training loop.
     */
    float[] preActivations(int layer, int rows);

    @Override
    void close();
}
