/**
 * Networks built from the backend's named ops: the MLP (shape, parameter layout in one buffer,
 * forward and backward passes, per-layer activation statistics) and its initialisation (EoC from
 * the theory engine, He, Glorot; input scaling to q*). Knows nothing of specs, files or training
 * schedules.
 */
package org.sparseeoc.nn;
