/**
 * Sweeps: many training runs from one JSON sweep spec, a base experiment spec plus the overrides
 * that make each run (a union of grids and/or an explicit list of points, with seeds as an axis).
 *
 * <p>{@link org.sparseeoc.sweep.SweepLoader} reads a sweep spec; {@link
 * org.sparseeoc.sweep.SweepPlan} expands it into numbered runs in a fixed order and validates every
 * one as a full experiment spec (through {@code experiment.SpecLoader}, the same path as {@code
 * train --set}); {@link org.sparseeoc.sweep.PointRunner} runs one of them, skipping a finished run
 * and resuming an interrupted one; {@link org.sparseeoc.sweep.LocalSweep} runs all of them on this
 * machine, k at a time in child JVMs; {@link org.sparseeoc.sweep.KubernetesJob} and {@link
 * org.sparseeoc.sweep.SlurmScript} write the scheduler files that run index i on a cluster. Format
 * and commands: experiments/README.md, section Sweeps.
 */
package org.sparseeoc.sweep;
