/**
 * Benchmarks of library operations: each operation is validated once, warmed up, then timed in
 * repeated batches; results are medians (with 10th/90th percentiles) of per-call times. Speed is
 * measured here, never asserted in unit tests.
 */
package org.sparseeoc.bench;
