/**
 * Experiment specs: the JSON files under {@code experiments/} that describe one training run (data,
 * model, activation, initialisation, optimiser, schedule, metrics, divergence, checkpoints), read
 * into validated, immutable records with every default filled in.
 *
 * <p>{@link org.sparseeoc.experiment.SpecLoader} reads a file, applies {@code --set key.path=value}
 * overrides to its JSON tree and binds it; {@link org.sparseeoc.experiment.SpecWriter} writes the
 * fully resolved spec back. Every problem surfaces as one {@link
 * org.sparseeoc.experiment.SpecException} naming the file, the JSON path and the fix. Nothing here
 * trains or reads data: the spec only says what a run will do. Field reference:
 * experiments/README.md.
 */
package org.sparseeoc.experiment;
