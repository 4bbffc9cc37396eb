/**
 * The compute backends behind one interface of named ops ({@link org.sparseeoc.backend.Ops}): dense
 * products, bias, activations, loss, optimizer steps and reductions over float32 buffers that the
 * backend owns. {@code backend.cpu} is the reference (and a fast path); a CUDA backend implements
 * the same ops later. Backends know nothing of networks, specs or files.
 */
package org.sparseeoc.backend;
