/**
 * Networks built from the backend's named ops, behind one {@link org.sparseeoc.nn.Network}
 * contract (created with {@link org.sparseeoc.nn.Network#create} from a {@link
 * org.sparseeoc.nn.NetworkShape}), and their initialisation. Knows nothing of specs, files or
 * training schedules.
 *
 * <ul>
 *   <li>{@link org.sparseeoc.nn.Mlp} ({@link org.sparseeoc.nn.MlpShape}): dense hidden layers,
 *       weights stored transposed; every layer one GEMM over the batch, or, with sparse dispatch
 *       ({@link org.sparseeoc.nn.SparseDispatch}, counted in {@link org.sparseeoc.nn.SparseUsage}),
 *       the sparse products of a compressed hidden input where its measured density is low.
 *   <li>{@link org.sparseeoc.nn.Cnn} ({@link org.sparseeoc.nn.CnnShape}): k×k convolutions (zero
 *       padding, optional stride-2 layers), global average pooling and a linear readout. Each
 *       convolution is im2col + one GEMM whose output is position-major, channel-minor ("NHWC");
 *       a batched transpose turns it channels-first for the next layer's im2col.
 *   <li>{@link org.sparseeoc.nn.Initializer}: hidden maps by {@link org.sparseeoc.nn.InitScheme}
 *       (edge of chaos from the theory engine, He, Glorot: the per-entry weight variance w² and
 *       the bias variance) and {@link org.sparseeoc.nn.WeightDistribution} (Gaussian entries, or
 *       scaled Haar semi-orthogonal matrices, delta-orthogonal kernels for convolutions, with the
 *       same mean per-entry variance); the readout N(0, 1/fan_in); and the input scale that puts
 *       the first layer's pre-activation variance at q*.
 * </ul>
 *
 * All parameters of a network live in one float buffer in its shape's layout, so optimizer steps,
 * norms and checkpoints are single calls over one buffer.
 */
package org.sparseeoc.nn;
