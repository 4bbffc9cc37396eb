/**
 * Numerical building blocks shared by the theory engine: the standard normal distribution (density,
 * CDF, upper tail, quantile) accurate to 2e-15 relative or better over the whole double range, and an
 * adaptive Gauss–Kronrod integrator that takes the kinks of piecewise-linear integrands as
 * breakpoints. Knows nothing of activations or networks.
 */
package org.sparseeoc.math;
