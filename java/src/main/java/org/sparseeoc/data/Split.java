package org.sparseeoc.data;

/**
 * A train and a test set of the same image shape and classes.
 *
 * @param train examples to fit on; normalisation statistics come from these alone
 * @param test held-out examples
 */
public record Split(Dataset train, Dataset test) {
    public Split {
        if (train == null || test == null) {
            throw new IllegalArgumentException("a split needs both a train and a test set");
        }
        if (!train.sameShape(test)) {
            throw new IllegalArgumentException(
                    "train (" + train + ") and test (" + test + ") differ in image shape or classes");
        }
    }

    /** The first {@code limits.train()} train and {@code limits.test()} test examples. */
    public Split first(Limits limits) {
        return new Split(train.first(limits.train()), test.first(limits.test()));
    }
}
