package org.sparseeoc.activation;

/** ReLU, max(0, x): no parameters; the dense baseline with sparsity 1/2. */
public record Relu() implements Activation {}
