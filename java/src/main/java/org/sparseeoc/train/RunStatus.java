package org.sparseeoc.train;

/** How a training run ended. */
public enum RunStatus {
    /** All epochs done. */
    COMPLETED,
    /** Non-finite loss or a layer variance beyond the bound: a result, not a crash. */
    DIVERGED
}
