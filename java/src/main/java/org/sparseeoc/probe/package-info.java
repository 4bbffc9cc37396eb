/**
 * The probe: a network of the spec's shape at initialisation (no training) measured layer by layer
 * against the mean-field theory. Real inputs (normalised and input-scaled exactly as training sees
 * them) and i.i.d. Gaussian inputs are pushed through the CPU backend's forward pass; per hidden
 * layer the empirical pre-activation variance, fraction of exact zeros, fraction of clipped units
 * and pairwise correlation are compared with the variance and correlation maps iterated from the
 * measured first layer. This is the finite-width check of docs/THEORY.md: at width N the measured
 * values scatter around the maps by O(1/√N) per layer.
 */
package org.sparseeoc.probe;
