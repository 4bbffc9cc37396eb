/**
 * Large-width Gaussian-process theory at random initialisation: the variance map V and its
 * derivatives, the correlation map R and χ₁, the edge-of-chaos (EoC) solver that turns a target
 * sparsity into (τ, m, σ_w², σ_b²), the stability verdict for the fixed point q*, the critical clip
 * m̃_c and the layer-by-layer iteration of V. Pure functions of doubles: nothing here knows of
 * backends, training or files. Formulas and derivations: docs/THEORY.md.
 */
package org.sparseeoc.theory;
