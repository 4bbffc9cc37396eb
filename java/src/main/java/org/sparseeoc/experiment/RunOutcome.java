package org.sparseeoc.experiment;

import java.nio.file.Path;
import org.sparseeoc.train.TrainingResult;

/**
 * A finished run: where its files are and what training returned.
 *
 * @param dir the run directory
 * @param result status, divergence details and every metrics row
 */
public record RunOutcome(Path dir, TrainingResult result) {}
