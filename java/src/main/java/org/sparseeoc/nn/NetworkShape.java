package org.sparseeoc.nn;

/**
 * The architecture of a network: what goes in, how many hidden layers, how many units each, what
 * comes out, and the layout of all parameters in one float buffer. One record per architecture;
 * consumers switch over them exhaustively.
 */
public sealed interface NetworkShape permits MlpShape, CnnShape {
    /** Input features per example (for images C·H·W, channels-first). */
    int inputs();

    /** Output classes (logits per example). */
    int classes();

    /** Hidden layers L, numbered 0..L−1; each is a linear map followed by the activation. */
    int depth();

    /** Pre-activation units of hidden layer l per example (for a CNN, channels·Ho·Wo). */
    int hiddenUnits(int layer);

    /** Total number of parameters. */
    int parameterCount();

    /** Output rows of map l's weight matrix (maps 0..depth; map depth is the readout). */
    int outputs(int map);

    /** Columns of map l's weight matrix: the weights per output. */
    int fanIn(int map);

    /** Offset of W_l [outputs(l) × fanIn(l)] in the parameter buffer. */
    long weightOffset(int map);

    /** Offset of b_l [outputs(l)] in the parameter buffer. */
    long biasOffset(int map);
}
