/**
 * The five sparsifying activations (ReLU, ReLU_τ, ST_τ, CReLU_{τ,m}, CST_{τ,m}) as one sealed type,
 * with their values, derivatives, exact-zero sets and closed-form Gaussian moments (the inputs of
 * the mean-field maps in {@code org.sparseeoc.theory}). Formulas: docs/THEORY.md, "Closed forms".
 */
package org.sparseeoc.activation;
