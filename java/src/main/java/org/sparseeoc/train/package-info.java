/**
 * Training: the loop over epochs and batches, optimizers (immutable settings apart from their
 * mutable state), learning-rate schedules, metrics, divergence detection and exact checkpoints.
 * Works on {@code nn} networks through the backend's ops; knows nothing of JSON specs or the CLI.
 */
package org.sparseeoc.train;
