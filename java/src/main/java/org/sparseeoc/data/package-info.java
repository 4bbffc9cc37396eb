/**
 * Image classification data for training: readers for MNIST-format IDX files (gzip or raw) and the
 * CIFAR-10 binary batches, the bundled {@code mnist-10k} set (in the jar, never read from disk), an
 * immutable in-memory {@link org.sparseeoc.data.Dataset} that keeps pixels as bytes, pixel
 * normalisation whose statistics come from the train split, and deterministic batching: the
 * example order of an epoch is a pure function of (seed, epoch), so a run resumed at (epoch, step)
 * sees exactly the batches it would have seen. Every problem with a data file surfaces as one
 * {@link org.sparseeoc.data.DatasetException} whose one-line message names the file and the fix.
 */
package org.sparseeoc.data;
