package org.sparseeoc.nn;

import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.Ops;

/**
 * A network's parameters and gradients on one backend: one buffer each in the shape's layout (so
 * optimizer steps, norms and checkpoints are single calls), with views of every map's W and b in
 * both. Shared by every {@link Network}; the views are made once, so a step allocates nothing.
 */
final class ParameterBuffers implements AutoCloseable {
    private final Ops ops;
    private final int count;
    final FloatBuffer params; // [parameterCount], the shape's layout
    final FloatBuffer grads; // [parameterCount], same layout
    final FloatBuffer[] weights; // views of each map's weights (outputs(l)·fanIn(l) floats; MLP: W_lᵀ, CNN: W_l)
    final FloatBuffer[] biases; // views b_l [outputs(l)]
    final FloatBuffer[] weightGrads; // views dW_l
    final FloatBuffer[] biasGrads; // views db_l

    ParameterBuffers(Ops ops, NetworkShape shape) {
        this.ops = ops;
        this.count = shape.parameterCount();
        int maps = shape.depth() + 1;
        params = ops.allocate(count);
        grads = ops.allocate(count);
        weights = new FloatBuffer[maps];
        biases = new FloatBuffer[maps];
        weightGrads = new FloatBuffer[maps];
        biasGrads = new FloatBuffer[maps];
        for (int l = 0; l < maps; l++) {
            long weightCount = (long) shape.outputs(l) * shape.fanIn(l);
            weights[l] = ops.slice(params, shape.weightOffset(l), weightCount);
            biases[l] = ops.slice(params, shape.biasOffset(l), shape.outputs(l));
            weightGrads[l] = ops.slice(grads, shape.weightOffset(l), weightCount);
            biasGrads[l] = ops.slice(grads, shape.biasOffset(l), shape.outputs(l));
        }
    }

    /** Uploads all parameters (host array in the shape's layout). */
    void set(float[] values) {
        if (values.length != count) {
            throw new IllegalArgumentException("parameters: expected " + count + " values, got " + values.length);
        }
        ops.upload(values, 0, params, 0, count);
    }

    /** Downloads all parameters. */
    float[] get() {
        float[] values = new float[count];
        ops.download(params, 0, values, 0, count);
        return values;
    }

    /** Downloads all gradients. */
    float[] getGradients() {
        float[] values = new float[count];
        ops.download(grads, 0, values, 0, count);
        return values;
    }

    @Override
    public void close() {
        params.close();
        grads.close();
    }
}
