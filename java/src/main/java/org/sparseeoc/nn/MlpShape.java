package org.sparseeoc.nn;

/**
 * An MLP: {@code inputs} → {@code depth} hidden layers of {@code width} → {@code classes} logits.
 * Its {@code depth + 1} linear maps are numbered 0..depth (map {@code depth} is the readout).
 *
 * <p>Parameter layout, one contiguous float buffer: for each map l in order, the transposed weight
 * W_lᵀ [fanIn(l) × fanOut(l)] row-major (entry W_l[o, i] at {@link #weightIndex}), then b_l
 * [fanOut(l)]. Gradients use the same layout in a second buffer, so optimizer steps, norms and
 * checkpoints are single calls over one buffer. Why transposed: {@link Mlp} explains.
 */
public record MlpShape(int inputs, int width, int depth, int classes) implements NetworkShape {
    public MlpShape {
        if (inputs < 1 || width < 1 || depth < 1 || classes < 2) {
            throw new IllegalArgumentException("MLP needs inputs, width, depth >= 1 and classes >= 2, got " + inputs
                    + ", " + width + ", " + depth + ", " + classes);
        }
        long count = (long) inputs * width
                + width
                + (long) (depth - 1) * ((long) width * width + width)
                + (long) width * classes
                + classes;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("MLP has " + count + " parameters; at most 2^31 - 1 supported");
        }
    }

    @Override
    public int hiddenUnits(int layer) {
        if (layer < 0 || layer >= depth) {
            throw new IndexOutOfBoundsException("hidden layer " + layer + " of " + depth);
        }
        return width;
    }

    /** Number of linear maps (hidden layers + readout). */
    public int maps() {
        return depth + 1;
    }

    @Override
    public int outputs(int l) {
        return fanOut(l);
    }

    /** Input width of map l. */
    @Override
    public int fanIn(int l) {
        checkMap(l);
        return l == 0 ? inputs : width;
    }

    /** Output width of map l. */
    public int fanOut(int l) {
        checkMap(l);
        return l == depth ? classes : width;
    }

    /** Offset of W_l in the parameter buffer. */
    @Override
    public long weightOffset(int l) {
        checkMap(l);
        long offset = 0;
        for (int i = 0; i < l; i++) {
            offset += (long) fanOut(i) * fanIn(i) + fanOut(i);
        }
        return offset;
    }

    /** Index of W_l[o, i] (output o, input i) in the parameter buffer: row i of W_lᵀ, column o. */
    public long weightIndex(int l, int o, int i) {
        return weightOffset(l) + (long) i * fanOut(l) + o;
    }

    /** Offset of b_l in the parameter buffer. */
    @Override
    public long biasOffset(int l) {
        return weightOffset(l) + (long) fanOut(l) * fanIn(l);
    }

    @Override
    public int parameterCount() {
        return (int) (biasOffset(depth) + classes);
    }

    private void checkMap(int l) {
        if (l < 0 || l > depth) {
            throw new IndexOutOfBoundsException("map " + l + " of " + maps());
        }
    }
}
