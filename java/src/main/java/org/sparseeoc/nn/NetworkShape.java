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
}
